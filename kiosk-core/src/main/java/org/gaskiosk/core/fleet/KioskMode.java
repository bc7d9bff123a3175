package org.gaskiosk.core.fleet;

import java.util.Locale;
import java.util.Objects;

/**
 * What the kiosk offers residents, and why. Precedence: {@code LOCKED} (the central system said so)
 * over {@code MAINTENANCE} (staff on site) over {@code OUT_OF_SERVICE} (a critical fault on a
 * required device) over {@code IN_SERVICE}.
 *
 * @param kind the mode
 * @param reason for the screen, the presence message and the fleet console; empty when in service
 */
public record KioskMode(Kind kind, String reason) {
  public static final KioskMode IN_SERVICE = new KioskMode(Kind.IN_SERVICE, "");

  public enum Kind {
    IN_SERVICE,
    OUT_OF_SERVICE,
    MAINTENANCE,
    LOCKED;

    /** {@code in-service}, {@code out-of-service}, {@code maintenance}, {@code locked}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public KioskMode {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }

  /** True when residents may buy. */
  public boolean serving() {
    return kind == Kind.IN_SERVICE;
  }
}
