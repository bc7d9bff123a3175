package org.gaskiosk.sim.central;

import java.util.List;

/**
 * A load some kiosk journaled as WRITING ({@code txn.writing}): until that kiosk reports it
 * completed, or any kiosk reports the card's evidence ({@code txn.resolved}), it may or may not be
 * on the card, and card.lookup tells every kiosk about it.
 *
 * @param status {@code open}, {@code applied} or {@code not-applied} (decided from the card at
 *     {@code resolvedBy}), or {@code pending} (a memory-card load its writer found not on the card
 *     and turned into a pending credit); a load its writer completes is forgotten
 */
public record UncertainLoad(
    String txnId,
    String kioskId,
    String cardNo,
    String kind,
    String unit,
    long amount,
    long money,
    List<String> orderIds,
    int sequence,
    String terminalId,
    String reference,
    String status,
    String resolvedBy) {
  public UncertainLoad {
    orderIds = List.copyOf(orderIds);
  }

  UncertainLoad with(String newStatus, String by) {
    return new UncertainLoad(
        txnId,
        kioskId,
        cardNo,
        kind,
        unit,
        amount,
        money,
        orderIds,
        sequence,
        terminalId,
        reference,
        newStatus,
        by);
  }

  public boolean open() {
    return status.equals("open");
  }

  /** Decided from the card by some kiosk: the writing kiosk must defer to that decision. */
  public boolean resolvedElsewhere() {
    return status.equals("applied") || status.equals("not-applied");
  }
}
