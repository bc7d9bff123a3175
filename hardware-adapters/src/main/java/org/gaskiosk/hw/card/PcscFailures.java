package org.gaskiosk.hw.card;

/**
 * Reads the PC/SC error code out of an exception chain. SunPCSC wraps a {@code PCSCException} whose
 * message is the SCARD_* name into a {@code CardException}; the simulated provider does the same,
 * so the classification holds for both.
 */
final class PcscFailures {
  private PcscFailures() {}

  /** The card was pulled, or reset so that its session state is gone. */
  static boolean isRemoval(Throwable t) {
    return mentions(t, "SCARD_W_REMOVED_CARD", "SCARD_E_NO_SMARTCARD", "SCARD_W_RESET_CARD");
  }

  /** The card is there but does not answer. */
  static boolean isMute(Throwable t) {
    return mentions(t, "SCARD_W_UNRESPONSIVE_CARD", "SCARD_W_UNPOWERED_CARD", "SCARD_E_TIMEOUT");
  }

  /** pcsc-lite's "no reader attached", which {@code list()} reports as an exception. */
  static boolean isNoReaders(Throwable t) {
    return mentions(t, "SCARD_E_NO_READERS_AVAILABLE");
  }

  /**
   * The PC/SC service went away. SunPCSC keeps one context per JVM, so every later call fails until
   * the process restarts (card.md trap 1).
   */
  static boolean isServiceLost(Throwable t) {
    return mentions(t, "SCARD_E_NO_SERVICE", "SCARD_E_SERVICE_STOPPED", "SCARD_E_INVALID_HANDLE");
  }

  /** Message and causes on one line, for logs and failure values. */
  static String describe(Throwable t) {
    StringBuilder out = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (out.length() > 0) {
        out.append(" <- ");
      }
      out.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
      if (c.getCause() == c) {
        break;
      }
    }
    return out.toString();
  }

  private static boolean mentions(Throwable t, String... codes) {
    int depth = 0;
    for (Throwable c = t; c != null && depth < 10; c = c.getCause(), depth++) {
      String message = c.getMessage();
      if (message == null) {
        continue;
      }
      for (String code : codes) {
        if (message.contains(code)) {
          return true;
        }
      }
    }
    return false;
  }
}
