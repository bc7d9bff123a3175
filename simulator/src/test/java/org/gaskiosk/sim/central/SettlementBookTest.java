package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.gaskiosk.sim.central.LedgerSnapshot.EventEntry;
import org.gaskiosk.sim.central.LedgerSnapshot.Load;
import org.gaskiosk.sim.central.LedgerSnapshot.Payment;
import org.junit.jupiter.api.Test;

class SettlementBookTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static CentralState ledgerWithOneLoad() {
    CentralState s = new CentralState();
    s.events.put(
        "e1",
        new EventEntry("e1", "K1", "b", 1, "cash.accepted", "2026-11-27T03:00:00Z", "", "applied"));
    s.events.put(
        "e2",
        new EventEntry("e2", "K1", "b", 2, "txn.completed", "2026-11-27T03:00:01Z", "", "applied"));
    s.events.put(
        "e3",
        new EventEntry("e3", "K1", "b", 3, "cash.accepted", "2026-11-27T16:00:00Z", "", "applied"));
    s.addPayment(new Payment("t1", "n1", 5000, "K1", "e1"));
    s.addPayment(new Payment("t2", "n2", 1000, "K1", "e3")); // the next day
    s.loads.put(
        "t1",
        new Load(
            "t1",
            "K1",
            "3100000000000001",
            "purchase",
            5000,
            "fen",
            5000,
            5000,
            List.of(),
            1,
            "",
            6200,
            "",
            "e2"));
    return s;
  }

  private static JsonNode report(long cashTotal) throws Exception {
    return JSON.readTree(
        "{\"businessDay\":\"2026-11-27\",\"from\":\"2026-11-26T15:00:00Z\",\"to\":\"2026-11-27T15:00:00Z\","
            + "\"transactions\":{\"completed\":{\"count\":1,\"money\":5000,\"cashPaid\":5000}},"
            + "\"cash\":{\"notes\":1,\"total\":"
            + cashTotal
            + ",\"byDenomination\":{\"5000\":1}},"
            + "\"qr\":{\"count\":0,\"money\":0},"
            + "\"pendingCredits\":{\"opened\":{\"count\":0,\"money\":0},\"openedItems\":[]}}");
  }

  @Test
  void a_report_that_agrees_with_the_ledger_window_matches() throws Exception {
    CentralState s = ledgerWithOneLoad();
    SettlementBook.store(s, "K1", report(5000));
    Map<String, Object> r = SettlementBook.reconcile(s).get(0);
    assertThat(r).containsEntry("matches", true);
  }

  @Test
  void a_report_one_fen_off_shows_the_difference() throws Exception {
    CentralState s = ledgerWithOneLoad();
    SettlementBook.store(s, "K1", report(5001));
    Map<String, Object> r = SettlementBook.reconcile(s).get(0);
    assertThat(r).containsEntry("matches", false);
    assertThat(r.get("differences").toString())
        .contains("field=cash.total")
        .contains("kiosk=5001")
        .contains("central=5000");
  }

  @Test
  void a_report_without_its_window_is_rejected() throws Exception {
    assertThatThrownBy(
            () ->
                SettlementBook.store(
                    new CentralState(), "K1", JSON.readTree("{\"businessDay\":\"2026-11-27\"}")))
        .isInstanceOf(Fields.Rejected.class);
  }
}
