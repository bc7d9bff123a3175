package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gaskiosk.sim.central.Fields.Rejected;
import org.gaskiosk.sim.central.LedgerSnapshot.EventEntry;
import org.gaskiosk.sim.central.LedgerSnapshot.Load;
import org.gaskiosk.sim.central.LedgerSnapshot.Payment;
import org.gaskiosk.sim.central.LedgerSnapshot.PendingCredit;

/**
 * The kiosks' daily settlements ({@code settlement.daily}) and their reconciliation against the
 * ledger. Reports are kept as sent; the comparison is made when asked, over the events of that
 * kiosk whose {@code occurredAt} falls in the report's window, so an event that arrives late (after
 * a gap) makes a difference disappear instead of leaving a stale verdict. Runs under the
 * simulator's lock.
 */
final class SettlementBook {
  static final String TYPE = "settlement.daily";

  private SettlementBook() {}

  /** Keeps a report (the last one sent for a kiosk and day wins). */
  static void store(CentralState state, String kioskId, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new Rejected("body is not a JSON object");
    }
    String day = Fields.text(body, "businessDay");
    instant(body, "from");
    instant(body, "to");
    state.settlements.put(kioskId + "/" + day, body);
  }

  /** The noteId prefix EventProcessor gives the payment a qr.paid event books. */
  static final String QR_PAYMENT_PREFIX = "qr:";

  /** Every stored report with the ledger's figures for the same window and the differences. */
  static List<Map<String, Object>> reconcile(CentralState state) {
    List<Map<String, Object>> out = new ArrayList<>();
    state.settlements.forEach(
        (key, report) -> out.add(reconcile(state, key.substring(0, key.indexOf('/')), report)));
    return out;
  }

  private static Map<String, Object> reconcile(CentralState state, String kioskId, JsonNode r) {
    Instant from = instant(r, "from");
    Instant to = instant(r, "to");
    Map<String, Long> central = new LinkedHashMap<>();
    long count = 0;
    long money = 0;
    long cashPaid = 0;
    for (Load l : state.loads.values()) {
      if (l.kioskId().equals(kioskId) && inWindow(state, l.eventId(), from, to)) {
        count++;
        money += l.money();
        cashPaid += l.cashPaid();
      }
    }
    central.put("transactions.completed.count", count);
    central.put("transactions.completed.money", money);
    central.put("transactions.completed.cashPaid", cashPaid);
    SortedMap<Long, Long> notes = new TreeMap<>();
    long cash = 0;
    long qrCount = 0;
    long qrMoney = 0;
    for (List<Payment> list : state.payments.values()) {
      for (Payment p : list) {
        if (p.kioskId().equals(kioskId) && inWindow(state, p.eventId(), from, to)) {
          // A QR payment is booked by its qr.paid event under "qr:<paymentId>"; the rest are notes.
          if (p.noteId().startsWith(QR_PAYMENT_PREFIX)) {
            qrCount++;
            qrMoney += p.value();
          } else {
            notes.merge(p.value(), 1L, Long::sum);
            cash += p.value();
          }
        }
      }
    }
    central.put("cash.notes", notes.values().stream().mapToLong(Long::longValue).sum());
    central.put("cash.total", cash);
    central.put("qr.count", qrCount);
    central.put("qr.money", qrMoney);
    long pendingCount = 0;
    long pendingMoney = 0;
    List<Map<String, Object>> differences = new ArrayList<>();
    for (JsonNode item : r.path("pendingCredits").path("openedItems")) {
      String txnId = item.path("txnId").asText();
      PendingCredit p = state.pendingCredits.get(txnId);
      if (p != null && p.kioskId().equals(kioskId) && p.money() == item.path("money").asLong()) {
        pendingCount++;
        pendingMoney += p.money();
      } else {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("field", "pendingCredits.openedItems");
        d.put("txnId", txnId);
        d.put("kiosk", item.path("money").asLong());
        d.put("central", p == null ? null : p.money());
        differences.add(d);
      }
    }
    central.put("pendingCredits.opened.count", pendingCount);
    central.put("pendingCredits.opened.money", pendingMoney);

    Map<String, Long> kiosk = new LinkedHashMap<>();
    JsonNode completed = r.path("transactions").path("completed");
    kiosk.put("transactions.completed.count", completed.path("count").asLong());
    kiosk.put("transactions.completed.money", completed.path("money").asLong());
    kiosk.put("transactions.completed.cashPaid", completed.path("cashPaid").asLong());
    kiosk.put("cash.notes", r.path("cash").path("notes").asLong());
    kiosk.put("cash.total", r.path("cash").path("total").asLong());
    kiosk.put("qr.count", r.path("qr").path("count").asLong());
    kiosk.put("qr.money", r.path("qr").path("money").asLong());
    JsonNode opened = r.path("pendingCredits").path("opened");
    kiosk.put("pendingCredits.opened.count", opened.path("count").asLong());
    kiosk.put("pendingCredits.opened.money", opened.path("money").asLong());

    kiosk.forEach(
        (field, value) -> {
          if (!value.equals(central.get(field))) {
            differences.add(difference(field, value, central.get(field)));
          }
        });
    Map<String, Long> byDenomination = new TreeMap<>();
    r.path("cash")
        .path("byDenomination")
        .properties()
        .forEach(e -> byDenomination.put(e.getKey(), e.getValue().asLong()));
    Map<String, Long> centralByDenomination = new TreeMap<>();
    notes.forEach((k, v) -> centralByDenomination.put(Long.toString(k), v));
    if (!byDenomination.equals(centralByDenomination)) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("field", "cash.byDenomination");
      d.put("kiosk", byDenomination);
      d.put("central", centralByDenomination);
      differences.add(d);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kioskId", kioskId);
    out.put("businessDay", r.path("businessDay").asText());
    out.put("from", from.toString());
    out.put("to", to.toString());
    out.put("matches", differences.isEmpty());
    out.put("differences", differences);
    out.put("kiosk", kiosk);
    out.put("central", central);
    return out;
  }

  private static Map<String, Object> difference(String field, Object kiosk, Object central) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("field", field);
    d.put("kiosk", kiosk);
    d.put("central", central);
    return d;
  }

  private static boolean inWindow(CentralState state, String eventId, Instant from, Instant to) {
    EventEntry e = state.events.get(eventId);
    if (e == null || e.occurredAt().isEmpty()) {
      return false;
    }
    Instant at = Instant.parse(e.occurredAt());
    return !at.isBefore(from) && at.isBefore(to);
  }

  private static Instant instant(JsonNode n, String field) {
    try {
      return Instant.parse(Fields.text(n, field));
    } catch (DateTimeParseException e) {
      throw new Rejected("'" + field + "' must be an instant like 2026-11-27T15:00:00Z");
    }
  }
}
