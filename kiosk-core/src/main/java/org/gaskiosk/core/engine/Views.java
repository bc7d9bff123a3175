package org.gaskiosk.core.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.domain.Tariff;
import org.gaskiosk.core.domain.Volume;
import org.gaskiosk.core.journal.MeterJson;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.port.LookupResult;

/**
 * Builds each screen's data for the automation API and the page (field names in
 * docs/automation-api.md).
 */
final class Views {
  private Views() {}

  static Map<String, Object> data(CustomerFlow f) {
    Map<String, Object> d = new LinkedHashMap<>(f.result);
    d.put("kioskId", f.config.kioskId());
    if (f.snapshot != null) {
      d.putAll(card(f));
    }
    switch (f.screen) {
      case ACCOUNT -> d.putAll(account(f));
      case AMOUNT -> {
        d.put("unit", f.snapshot.unit().wireName());
        d.put("min", f.config.minAmountFen());
        d.put("max", f.config.maxAmountFen());
        d.put("txnId", f.txn.txnId());
      }
      case PAY_METHOD -> {
        d.put("txnId", f.txn.txnId());
        d.put("amountDue", f.quote.due().fen());
        d.put("quote", f.quote.toMap());
        d.put("methods", f.qr.methods());
      }
      case CASH -> {
        CashWindow w = f.cashWindow;
        long due = f.quote.due().fen();
        long paid = w == null ? 0 : w.paid();
        d.put("txnId", f.txn.txnId());
        d.put("amountDue", due);
        d.put("inserted", paid);
        d.put("remaining", Math.max(0, due - paid));
        d.put("maxAccepted", f.config.maxAmountFen());
        d.put("quote", f.quote.toMap());
      }
      case QR -> d.putAll(f.qr.view());
      default -> {}
    }
    if (f.timeLeft() != null) {
      d.put("secondsLeft", Math.max(0, f.timeLeft().toSeconds()));
    }
    return d;
  }

  private static Map<String, Object> card(CustomerFlow f) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("cardNo", f.snapshot.maskedCardNo());
    c.put("family", f.snapshot.family().wireName());
    c.put("unit", f.snapshot.unit().wireName());
    c.put("balance", f.snapshot.balance());
    c.put("meter", MeterJson.toMap(f.snapshot.meter()));
    return c;
  }

  private static Map<String, Object> account(CustomerFlow f) {
    LookupResult.Account a = f.account;
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("holder", a.holder());
    d.put(
        "safetyStatus",
        switch (a.safety()) {
          case OK -> "ok";
          case INSPECTION_DUE -> "due";
          case HOLD -> "hold";
        });
    d.put("safetyNotice", a.safetyNotice());
    d.put("canBuy", a.safety() != LookupResult.Safety.HOLD);
    List<Map<String, Object>> orders = new ArrayList<>();
    for (LookupResult.Order o : a.orders()) {
      orders.add(
          Map.of(
              "orderId", o.orderId(),
              "kind", o.kind(),
              "amount", o.amount(),
              "money", o.money(),
              "description", o.description()));
    }
    d.put("orders", orders);
    d.put("tariff", tierPosition(a.tariff(), a.cycleVolume()));
    d.put("recovered", List.copyOf(f.recovered));
    return d;
  }

  static Map<String, Object> tierPosition(Tariff tariff, Volume cycle) {
    int tier = 1;
    Long nextAt = null;
    long price = 0;
    for (Tariff.Tier t : tariff.tiers()) {
      if (t.upTo() == null || cycle.centiM3() < t.upTo().centiM3()) {
        nextAt = t.upTo() == null ? null : t.upTo().centiM3();
        price = t.fenPerM3();
        break;
      }
      tier++;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tier", tier);
    m.put("price", price);
    m.put("used", cycle.centiM3());
    m.put("nextTierAt", nextAt);
    m.put("version", tariff.version());
    return m;
  }

  static Map<String, Object> loadedSummary(Txn t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("txnId", t.txnId());
    m.put("reference", t.reference());
    m.put("loaded", t.amount());
    m.put("unit", t.unit().wireName());
    m.put("money", t.money());
    m.put("newBalance", t.balanceAfter());
    m.put("receipt", t.receipt());
    m.put("kind", TxnEvents.kindOf(t));
    return m;
  }

  static Map<String, Object> pendingSummary(Txn t, boolean uncertain) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("txnId", t.txnId());
    m.put("reference", t.reference());
    m.put("paid", t.money());
    m.put("reason", t.reason() == null ? "card removed while loading" : t.reason());
    m.put("next", uncertain ? "insert-card-again-here" : "insert-card-again-any-kiosk");
    m.put(
        "whatNext",
        uncertain
            ? "Your payment is safe. Insert this card here again: the kiosk will check it and finish."
            : "Your payment is safe. Insert this card again at any kiosk and it will be loaded.");
    return m;
  }
}
