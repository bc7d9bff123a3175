package org.gaskiosk.sim.central;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaskiosk.sim.central.LedgerSnapshot.OrderEntry;
import org.gaskiosk.sim.central.LedgerSnapshot.OrderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Value waiting for cards: online orders paid elsewhere and kiosks' pending credits ({@code
 * pending:<txnId>}). An order is OPEN, RESERVED by one transaction (load.authorize), or PICKED_UP
 * by one transaction (txn.completed); it is never loaded by two.
 */
final class OrderBook {
  private static final Logger log = LoggerFactory.getLogger(OrderBook.class);
  static final String PENDING_PREFIX = "pending:";

  /** Why a reservation was refused; the code goes to the kiosk. */
  record Refusal(String code, String message) {}

  private final Map<String, OrderEntry> orders;

  OrderBook(Map<String, OrderEntry> orders) {
    this.orders = orders;
  }

  static String pendingOrderId(String txnId) {
    return PENDING_PREFIX + txnId;
  }

  void add(OrderEntry order) {
    orders.put(order.orderId(), order);
  }

  /** What card.lookup lists: the card's OPEN orders. */
  List<OrderEntry> openFor(String cardNo) {
    return orders.values().stream()
        .filter(o -> o.cardNo().equals(cardNo) && o.status() == OrderStatus.OPEN)
        .toList();
  }

  /**
   * Reserves every order for {@code txnId}, or none. Idempotent: asking again with the same txnId
   * succeeds again. The orders must add up to the load's amount and money.
   *
   * @return null when reserved
   */
  Refusal reserve(
      String txnId, String cardNo, long amount, long money, List<String> orderIds, String now) {
    Map<String, OrderEntry> planned = new LinkedHashMap<>();
    long sumAmount = 0;
    long sumMoney = 0;
    for (String id : orderIds) {
      OrderEntry o = orders.get(id);
      if (o == null && id.equals(pendingOrderId(txnId))) {
        // The kiosk resumes its own pending credit; its txn.pending may still be on the way.
        o =
            new OrderEntry(
                id,
                cardNo,
                "pending",
                amount,
                money,
                "pending credit " + txnId,
                OrderStatus.OPEN,
                null,
                now);
      }
      if (o == null || !o.cardNo().equals(cardNo)) {
        return new Refusal("order-unknown", "no order " + id + " for this card");
      }
      if (o.status() == OrderStatus.RESERVED && !txnId.equals(o.txnId())) {
        // Not "taken": the holder may still be cancelled and release it. A kiosk resuming its own
        // pending credit must keep it owed, not write it off as loaded elsewhere.
        return new Refusal(
            "order-reserved", "order " + id + " is reserved by " + o.txnId() + "; try later");
      }
      if (o.status() != OrderStatus.OPEN && !txnId.equals(o.txnId())) {
        return new Refusal("order-taken", "order " + id + " is already picked up by " + o.txnId());
      }
      if (planned.put(id, o) != null) {
        return new Refusal("amount-mismatch", "order " + id + " is listed twice");
      }
      sumAmount += o.amount();
      sumMoney += o.money();
    }
    if (sumAmount != amount || sumMoney != money) {
      return new Refusal(
          "amount-mismatch",
          "orders add up to amount "
              + sumAmount
              + " / money "
              + sumMoney
              + ", the load asks for "
              + amount
              + " / "
              + money);
    }
    planned.forEach(
        (id, o) -> {
          if (o.status() != OrderStatus.PICKED_UP) {
            orders.put(id, o.with(OrderStatus.RESERVED, txnId));
          }
        });
    return null;
  }

  /**
   * A load completed: its orders are on the card. An order unknown here is registered as picked up
   * (a pending credit whose txn.pending has not arrived); conflicts are returned for the log.
   */
  List<String> pickUp(
      String txnId, String cardNo, List<String> orderIds, long amount, long money, String now) {
    List<String> conflicts = new ArrayList<>();
    for (String id : orderIds) {
      OrderEntry o = orders.get(id);
      if (o == null) {
        boolean single = orderIds.size() == 1;
        String kind = id.startsWith(PENDING_PREFIX) ? "pending" : "online";
        orders.put(
            id,
            new OrderEntry(
                id,
                cardNo,
                kind,
                single ? amount : 0,
                single ? money : 0,
                "registered when loaded by " + txnId,
                OrderStatus.PICKED_UP,
                txnId,
                now));
        if (!id.startsWith(PENDING_PREFIX)) {
          conflicts.add("unknown order " + id + " loaded by " + txnId);
        }
        continue;
      }
      if (o.status() == OrderStatus.PICKED_UP && !txnId.equals(o.txnId())) {
        conflicts.add(
            "order " + id + " loaded by " + txnId + " was already loaded by " + o.txnId());
        continue;
      }
      orders.put(id, o.with(OrderStatus.PICKED_UP, txnId));
    }
    conflicts.forEach(c -> log.error("central: {}", c));
    return conflicts;
  }

  /** A transaction was cancelled: the orders it held are open again. */
  void release(String txnId, List<String> orderIds) {
    for (String id : orderIds) {
      OrderEntry o = orders.get(id);
      if (o != null && o.status() == OrderStatus.RESERVED && txnId.equals(o.txnId())) {
        orders.put(id, o.with(OrderStatus.OPEN, null));
      }
    }
  }

  /** A pending credit arrived: it waits as order {@code pending:<txnId>} unless already known. */
  void registerPending(
      String txnId, String cardNo, long amount, long money, String description, String now) {
    String id = pendingOrderId(txnId);
    OrderEntry existing = orders.get(id);
    if (existing == null) {
      orders.put(
          id,
          new OrderEntry(
              id, cardNo, "pending", amount, money, description, OrderStatus.OPEN, null, now));
    } else if (existing.status() == OrderStatus.OPEN) {
      orders.put(
          id,
          new OrderEntry(
              id,
              cardNo,
              "pending",
              amount,
              money,
              description,
              OrderStatus.OPEN,
              null,
              existing.createdAt()));
    }
  }

  /** The transaction holding (reserving or having picked up) a kiosk's pending credit, or null. */
  String holderOfPending(String txnId) {
    OrderEntry o = orders.get(pendingOrderId(txnId));
    return o == null ? null : o.txnId();
  }

  /** The kiosk says another transaction loaded this pending credit. */
  void loadedElsewhere(String txnId, String byTxnId) {
    OrderEntry o = orders.get(pendingOrderId(txnId));
    if (o != null && o.status() != OrderStatus.PICKED_UP) {
      orders.put(o.orderId(), o.with(OrderStatus.PICKED_UP, byTxnId));
    }
  }
}
