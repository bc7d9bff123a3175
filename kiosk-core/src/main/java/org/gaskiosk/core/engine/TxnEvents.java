package org.gaskiosk.core.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnKind;

/** Bodies of the transaction events the central system counts (docs/mqtt.md). */
final class TxnEvents {
  private TxnEvents() {}

  static String pendingOrderId(String txnId) {
    return "pending:" + txnId;
  }

  static String kindOf(Txn t) {
    if (t.kind() == TxnKind.PICKUP) {
      return "pickup";
    }
    return t.orderIds().contains(pendingOrderId(t.txnId())) ? "resume" : "purchase";
  }

  static Map<String, Object> completed(Txn t, String tac, long newBalance) {
    Map<String, Object> m = base(t);
    m.put("kind", kindOf(t));
    m.put("amount", t.amount());
    m.put("unit", t.unit().wireName());
    m.put("money", t.money());
    m.put("cashPaid", t.paid());
    m.put("orderIds", t.orderIds());
    m.put("sequence", t.seqBefore());
    m.put("tac", tac);
    m.put("newBalance", newBalance);
    m.put("terminalId", t.terminalId());
    m.put("reference", t.reference());
    return m;
  }

  /** A load about to be written: what any kiosk needs to find it in the card's own evidence. */
  static Map<String, Object> writing(Txn t) {
    Map<String, Object> m = base(t);
    m.put("kind", kindOf(t));
    m.put("unit", t.unit().wireName());
    m.put("amount", t.amount());
    m.put("money", t.money());
    m.put("orderIds", t.orderIds());
    m.put("sequence", t.seqBefore());
    m.put("terminalId", t.terminalId());
    m.put("reference", t.reference());
    return m;
  }

  static Map<String, Object> pending(Txn t, String reason) {
    Map<String, Object> m = base(t);
    m.put("unit", t.unit().wireName());
    m.put("amount", t.amount());
    m.put("money", t.money());
    m.put("reason", reason);
    m.put("reference", t.reference());
    return m;
  }

  static Map<String, Object> cancelled(Txn t, String reason) {
    Map<String, Object> m = base(t);
    m.put("reason", reason);
    m.put("orderIds", t.orderIds());
    return m;
  }

  static Map<String, Object> loadedElsewhere(Txn t, String detail) {
    Map<String, Object> m = base(t);
    m.put("money", t.money());
    m.put("detail", detail);
    return m;
  }

  private static Map<String, Object> base(Txn t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("txnId", t.txnId());
    m.put("cardNo", t.cardNo());
    return m;
  }
}
