package org.gaskiosk.core.engine;

import org.gaskiosk.core.port.Indicators;

/**
 * The buzzer's two cues: "card ready" when the account appears after a card was read, and "take
 * your card" when a purchase ends (loaded or parked) with the card still in the slot.
 */
final class BodySignals {
  private BodySignals() {}

  /** Called once per change of screen. */
  static void screenChanged(Indicators indicators, Screen now, boolean cardPresent) {
    boolean cardReady = now == Screen.ACCOUNT;
    boolean takeCard = (now == Screen.DONE || now == Screen.PENDING) && cardPresent;
    if (cardReady || takeCard) {
      indicators.beep();
    }
  }
}
