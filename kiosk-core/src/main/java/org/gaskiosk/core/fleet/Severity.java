package org.gaskiosk.core.fleet;

/** How bad a fault is. */
public enum Severity {
  /** Worth knowing; the device still does its job (paper low, cash box nearly full). */
  WARNING,
  /** The device cannot do its job; on a required device the kiosk goes out of service. */
  CRITICAL;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Severity fromWire(String s) {
    return valueOf(s.toUpperCase(java.util.Locale.ROOT));
  }
}
