package org.gaskiosk.core.engine;

import java.util.Locale;
import org.gaskiosk.core.port.CardOpening;

/** Wire codes of card refusals, for the refused screen (the page turns codes into words). */
final class Refusals {
  private Refusals() {}

  static String code(CardOpening.RefusalReason reason) {
    return switch (reason) {
      case UNKNOWN_CARD -> "unknown-card";
      case TOOL_CARD -> "tool-card";
      case UNSUPPORTED_CARD -> "unsupported-card";
      case LOCKED -> "card-locked";
      case EXPIRED -> "card-expired";
      case MUTE -> reason.name().toLowerCase(Locale.ROOT) + "-card";
    };
  }
}
