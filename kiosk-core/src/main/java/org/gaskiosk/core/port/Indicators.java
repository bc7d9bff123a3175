package org.gaskiosk.core.port;

/**
 * Lights and buzzer on the kiosk body (GPIO). Every output has a safe state that {@link
 * #shutdown()} restores.
 */
public interface Indicators {

  /** What the status lights show. */
  enum Mode {
    IN_SERVICE,
    BUSY,
    OUT_OF_SERVICE
  }

  void mode(Mode mode);

  /** Lights the card slot to invite a card. */
  void cardSlotLight(boolean on);

  /** A short beep: "card ready", "take your card". */
  void beep();

  /**
   * The intrusion alarm: the buzzer sounds until switched off (a door opened outside a maintenance
   * visit). Kiosks without a holding buzzer beep once.
   */
  default void alarm(boolean on) {
    if (on) {
      beep();
    }
  }

  /** Puts every output into its declared shutdown state. */
  void shutdown();

  /** Indicators that do nothing, for kiosks without GPIO. */
  Indicators NONE =
      new Indicators() {
        @Override
        public void mode(Mode mode) {}

        @Override
        public void cardSlotLight(boolean on) {}

        @Override
        public void beep() {}

        @Override
        public void shutdown() {}
      };
}
