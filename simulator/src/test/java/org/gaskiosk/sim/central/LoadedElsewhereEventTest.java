package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.gaskiosk.core.domain.CardUnit;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by the chaos campaign, seed 7): the kiosk reports {@code txn.loaded-elsewhere}
 * with what it knows, the txnId, card and money; load.authorize told it only "order-taken", not by
 * whom. The central system rejected such an event for a missing {@code byTxnId}, so the pending
 * credit stayed open in its ledger for ever.
 */
class LoadedElsewhereEventTest {
  private static final String CARD = "3100000000000001";

  @Test
  void a_loaded_elsewhere_event_without_by_txn_id_closes_the_pending_credit() {
    InProcessCentral central =
        new InProcessCentral(LoadKeys.fromMasterKey(new byte[16]), Clock.systemUTC());
    central.putAccount(Account.of(CARD, "Wang Wu", CardUnit.FEN));
    String pending =
        "{\"eventId\":\"e-1\",\"seq\":1,\"type\":\"txn.pending\",\"occurredAt\":\"2026-03-02T01:00:00Z\","
            + "\"body\":{\"txnId\":\"t-10\",\"cardNo\":\""
            + CARD
            + "\",\"unit\":\"fen\",\"amount\":2000,"
            + "\"money\":2000,\"reason\":\"card pulled\",\"reference\":\"R-1\"}}";
    String elsewhere =
        "{\"eventId\":\"e-2\",\"seq\":2,\"type\":\"txn.loaded-elsewhere\","
            + "\"occurredAt\":\"2026-03-02T01:05:00Z\",\"body\":{\"txnId\":\"t-10\",\"cardNo\":\""
            + CARD
            + "\",\"money\":2000,\"detail\":\"order pending:t-10 is already RESERVED\"}}";

    assertThat(central.transport().events("K1", batch(0, pending))).hasValue(1);
    assertThat(central.transport().events("K1", batch(1, elsewhere))).hasValue(2);

    assertThat(central.rejected()).isZero();
    assertThat(central.pendingCredit("t-10").orElseThrow().status()).isEqualTo("loaded-elsewhere");
    assertThat(central.openPendingOrders()).isZero();
  }

  private static byte[] batch(long afterSeq, String event) {
    return ("{\"schema\":\"events/1\",\"kioskId\":\"K1\",\"bootId\":\"b-1\",\"afterSeq\":"
            + afterSeq
            + ",\"events\":["
            + event
            + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
