package org.gaskiosk.core.fleet;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One open fault.
 *
 * @param faultId generated when raised and stored before the event, so {@code fault.raised} and
 *     {@code fault.cleared} of one occurrence carry the same id
 * @param device e.g. {@code bill-acceptor}, {@code printer}, {@code card-reader}
 * @param code stable, machine-readable, e.g. {@code jammed}, {@code paper-out}
 * @param severity whether the device still works
 * @param text for the maintenance staff, in plain words
 * @param raisedAt when it was raised
 */
public record Fault(
    String faultId, String device, String code, Severity severity, String text, Instant raisedAt) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public Fault {
    Objects.requireNonNull(faultId, "faultId");
    requireName(device, "device");
    requireName(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(raisedAt, "raisedAt");
  }

  /** Device and code: a fault is open at most once per key. */
  public String key() {
    return key(device, code);
  }

  static String key(String device, String code) {
    return device + "/" + code;
  }

  static void requireName(String s, String what) {
    if (s == null || !NAME.matcher(s).matches()) {
      throw new IllegalArgumentException(
          what + " must be 1-64 lower-case letters, digits, '.', '_' or '-': " + s);
    }
  }
}
