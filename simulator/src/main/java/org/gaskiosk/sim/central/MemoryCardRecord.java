package org.gaskiosk.sim.central;

/**
 * What the central's card service knows of one SLE4442 card's PSC. The PSC rotates with every load;
 * a rotation is pending from the card.service answer until the card shows the purchase count that
 * is written after the PSC change (docs/card-profile.md), which proves the change happened.
 *
 * @param psc the PSC the card is known to hold, 6 hex digits
 * @param pendingTxnId the load whose answer rotates the PSC, or null
 * @param pendingPsc the PSC that load sets, or null
 * @param pendingCount the purchase count that load writes after changing the PSC
 * @param inherited the card may hold {@code pendingPsc} whatever the pending load did: an earlier
 *     interrupted load set that PSC, none has landed since, and the pending load was given the same
 *     new PSC so that the card can hold only {@code psc} or {@code pendingPsc}, never a third
 */
public record MemoryCardRecord(
    String psc, String pendingTxnId, String pendingPsc, int pendingCount, boolean inherited) {

  /** An issued card still holds the chip's transport code. */
  static MemoryCardRecord issued() {
    return new MemoryCardRecord("FFFFFF", null, null, 0, false);
  }

  boolean pending() {
    return pendingTxnId != null;
  }

  MemoryCardRecord rotating(String txnId, String newPsc, int count) {
    return new MemoryCardRecord(psc, txnId, newPsc, count, false);
  }

  /** A new load while the card may hold {@code psc} or {@code pendingPsc}: it sets the latter. */
  MemoryCardRecord inheriting(String txnId, int count) {
    return new MemoryCardRecord(psc, txnId, pendingPsc, count, true);
  }

  /** The card showed the count written after the PSC change: the new PSC is the card's. */
  MemoryCardRecord rotated() {
    return new MemoryCardRecord(pendingPsc, null, null, 0, false);
  }

  /** The writer reported that the PSC change was never sent: the old PSC stays. */
  MemoryCardRecord kept() {
    return new MemoryCardRecord(psc, null, null, 0, false);
  }
}
