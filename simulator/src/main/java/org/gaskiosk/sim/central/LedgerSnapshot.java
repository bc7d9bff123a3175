package org.gaskiosk.sim.central;

import java.util.List;
import java.util.Map;

/**
 * What the central system has committed, as the control API and tests read it. Immutable; plain
 * strings, numbers, lists and maps, so it serialises to JSON as is.
 *
 * @param events every event, once, by eventId
 * @param loads completed loads ({@code txn.completed}) by txnId
 * @param pendingCredits paid-not-loaded credits ({@code txn.pending}) by txnId
 * @param payments cash accepted ({@code cash.accepted}) by txnId
 * @param cancellations cancelled transactions by txnId
 * @param authorizations load authorisations granted, by txnId
 * @param orders online orders and pending credits waiting for a card, by orderId
 * @param kiosks each kiosk's event stream: boot, seqs, duplicates, gaps
 * @param counters totals
 */
public record LedgerSnapshot(
    Map<String, EventEntry> events,
    Map<String, Load> loads,
    Map<String, PendingCredit> pendingCredits,
    Map<String, List<Payment>> payments,
    Map<String, Cancellation> cancellations,
    Map<String, Authorization> authorizations,
    Map<String, OrderEntry> orders,
    Map<String, KioskStream> kiosks,
    Counters counters) {

  /**
   * One event as committed.
   *
   * @param status {@code applied}, {@code recorded} (a type this simulator does not interpret) or
   *     {@code rejected: reason} (its body broke the contract; kept so it counts once)
   */
  public record EventEntry(
      String eventId,
      String kioskId,
      String bootId,
      long seq,
      String type,
      String occurredAt,
      String receivedAt,
      String status) {}

  /** A load written onto a card ({@code txn.completed}). */
  public record Load(
      String txnId,
      String kioskId,
      String cardNo,
      String kind,
      long amount,
      String unit,
      long money,
      long cashPaid,
      List<String> orderIds,
      int sequence,
      String tac,
      long newBalance,
      String terminalId,
      String eventId) {}

  /**
   * Money paid at a kiosk and not loaded ({@code txn.pending}).
   *
   * @param status {@code open}, {@code loaded} (picked up, see loadedBy) or {@code
   *     loaded-elsewhere} (reported by the kiosk)
   */
  public record PendingCredit(
      String txnId,
      String kioskId,
      String cardNo,
      String unit,
      long amount,
      long money,
      String reason,
      String reference,
      String status,
      String loadedBy) {}

  /** One banknote. */
  public record Payment(String txnId, String noteId, long value, String kioskId, String eventId) {}

  /** A cancelled transaction and the orders it released. */
  public record Cancellation(
      String txnId, String kioskId, String cardNo, String reason, List<String> orderIds) {}

  /** A granted load.authorize (the last one, when asked again). */
  public record Authorization(
      String txnId,
      String kioskId,
      String cardNo,
      long amount,
      long money,
      List<String> orderIds,
      String hostTime,
      String at) {}

  /** Status of an order: waiting, held by a transaction, or on a card. */
  public enum OrderStatus {
    OPEN,
    RESERVED,
    PICKED_UP
  }

  /**
   * Value waiting for a card.
   *
   * @param kind {@code online} (paid elsewhere) or {@code pending} (a kiosk's pending credit;
   *     orderId {@code pending:<txnId>})
   * @param txnId the transaction holding or having picked up the order, or null
   */
  public record OrderEntry(
      String orderId,
      String cardNo,
      String kind,
      long amount,
      long money,
      String description,
      OrderStatus status,
      String txnId,
      String createdAt) {
    OrderEntry with(OrderStatus newStatus, String newTxnId) {
      return new OrderEntry(
          orderId, cardNo, kind, amount, money, description, newStatus, newTxnId, createdAt);
    }
  }

  /**
   * A kiosk's event stream.
   *
   * @param committedUpTo every event of this kiosk with a lower or equal seq is committed: what the
   *     acks say
   * @param lastSeq the highest seq seen
   * @param boots how many different bootIds were seen
   * @param gaps batches whose afterSeq was beyond committedUpTo (something before them is missing)
   */
  public record KioskStream(
      String kioskId,
      String bootId,
      int boots,
      long committedUpTo,
      long lastSeq,
      long events,
      long duplicates,
      long gaps) {}

  /**
   * Totals.
   *
   * @param events distinct events committed
   * @param duplicates events received again and ignored
   * @param rejectedEvents events or batches that broke the contract
   * @param rejectedRequests requests that broke the contract
   * @param unknownTypes events of types this simulator does not interpret
   * @param gaps batches that arrived with something missing before them
   */
  public record Counters(
      long events,
      long duplicates,
      long rejectedEvents,
      long rejectedRequests,
      long unknownTypes,
      long gaps) {}
}
