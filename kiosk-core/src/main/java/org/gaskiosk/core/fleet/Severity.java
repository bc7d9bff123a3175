package org.gaskiosk.core.fleet;

import java.util.Locale;

/** How bad a fault is. */
public enum Severity {
  /** Worth knowing; the device still does its job (paper low, cash box nearly full). */
  WARNING,
  /** The device cannot do its job; on a required device the kiosk goes out of service. */
  CRITICAL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
