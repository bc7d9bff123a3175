package org.gaskiosk.sim.card;

/**
 * What a simulated card holds only while powered: the selected application and the load that
 * INITIALIZE FOR LOAD prepared. Lost on removal or reset, never persisted, so a CREDIT FOR LOAD
 * after a reset finds no session and is refused.
 */
record CardRam(boolean selected, PendingLoad pending) {
  static final CardRam RESET = new CardRam(false, null);

  CardRam withSelected(boolean selected) {
    return new CardRam(selected, selected ? pending : null);
  }

  CardRam withPending(PendingLoad pending) {
    return new CardRam(selected, pending);
  }

  /**
   * The load INITIALIZE FOR LOAD prepared.
   *
   * @param sequence the online sequence before the load
   * @param seslk the session load key both MAC1 and MAC2 use
   */
  record PendingLoad(long amount, byte[] terminal, int sequence, byte[] mac1, byte[] seslk) {}
}
