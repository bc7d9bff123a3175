package org.gaskiosk.sim.central;

import java.util.List;

/**
 * A card.service answer as given, kept by txnId so that a retried request gets the same writes and
 * the same PSCs.
 *
 * @param steps each {@code what:address:hex} (address -1 for the PSC change)
 */
public record CardServiceEntry(
    String txnId,
    String kioskId,
    String cardNo,
    long amount,
    long money,
    String oldPsc,
    String newPsc,
    int expectedPurchaseCount,
    List<String> steps) {
  public CardServiceEntry {
    steps = List.copyOf(steps);
  }
}
