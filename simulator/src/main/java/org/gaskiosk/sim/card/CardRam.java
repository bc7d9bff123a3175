package org.gaskiosk.sim.card;

/**
 * What a simulated card holds only while powered: the selected application and the load that
 * INITIALIZE FOR LOAD prepared (purse), or whether the PSC was presented rightly (SLE4442). Lost on
 * removal or reset, never persisted, so a CREDIT FOR LOAD after a reset finds no session and is
 * refused.
 */
record CardRam(boolean selected, PendingLoad pending, boolean pscVerified) {
  static final CardRam RESET = new CardRam(false, null, false);

  CardRam withSelected(boolean selected) {
    return new CardRam(selected, selected ? pending : null, pscVerified);
  }

  CardRam withPending(PendingLoad pending) {
    return new CardRam(selected, pending, pscVerified);
  }

  /** An SLE4442 opened its write access with the right PSC (until it loses power). */
  CardRam withPscVerified(boolean verified) {
    return new CardRam(selected, pending, verified);
  }

  /**
   * The load INITIALIZE FOR LOAD prepared.
   *
   * @param sequence the online sequence before the load
   * @param seslk the session load key both MAC1 and MAC2 use
   */
  record PendingLoad(long amount, byte[] terminal, int sequence, byte[] mac1, byte[] seslk) {}
}
