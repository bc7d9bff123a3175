package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.sim.card.MemoryImage;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.card.SimCardInfo;
import org.gaskiosk.sim.central.Account;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An SLE4442 memory card bought end to end through a whole demo: the production reader opens it,
 * the engine asks the central's card.service, presents the PSC once, writes backup, gas area, new
 * PSC and purchase count, and the central books the load once; the card then carries gas for the
 * meter and a second sale is refused until the meter took it.
 */
class MemoryCardDemoTest {
  @RegisterExtension static final DemoDriver demo = new DemoDriver();

  @Test
  void a_memory_card_is_bought_with_cash_written_in_order_and_booked_once_by_the_central()
      throws Exception {
    String cardNo = SimCardFixtures.SLE4442.cardNo();
    SimCardInfo before = demo.card(cardNo);
    demo.startCash(cardNo, 2000);
    demo.sim("/sim/banknotes", "{\"value\":2000}");
    JsonNode done = demo.post(demo.actionUri("finish-cash"), "");

    assertThat(done.path("screen").asText()).as(done.toString()).isEqualTo("done");
    String txnId = done.path("data").path("txnId").asText();
    long amount = demo.journal().find(txnId).orElseThrow().amount();
    assertThat(demo.journal().find(txnId).orElseThrow().state()).isEqualTo(TxnState.COMPLETED);
    assertThat(amount).isPositive();
    assertThat(demo.card(cardNo).balance()).isEqualTo(amount); // the gas area, for the meter
    assertThat(demo.card(cardNo).purchaseCount())
        .isEqualTo(before.purchaseCount() + 1); // the purchase count
    LedgerSnapshot ledger =
        demo.central().awaitLedger(l -> l.loads().containsKey(txnId), Duration.ofSeconds(10));
    assertThat(ledger.loads().get(txnId).money()).isEqualTo(2000);
    assertThat(ledger.loads().get(txnId).amount()).isEqualTo(amount);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> demo.journal().outbox().after(0, 1).isEmpty());

    // The meter has not taken the gas yet: a second sale is refused, nothing written.
    demo.sim("/sim/card/remove", "");
    demo.awaitScreen("idle");
    demo.sim("/sim/cards/" + cardNo + "/insert", "");
    JsonNode refused = demo.awaitScreen("refused");
    assertThat(refused.path("data").path("reasonCode").asText()).isEqualTo("untaken-load");
    assertThat(demo.card(cardNo).purchaseCount()).isEqualTo(before.purchaseCount() + 1);
    demo.sim("/sim/card/remove", "");
    demo.awaitScreen("idle");
  }

  @Test
  void a_memory_card_with_a_spent_psc_try_is_refused_before_any_money_is_taken() throws Exception {
    String cardNo = "4200000000000099";
    demo.central().putAccount(Account.of(cardNo, "spent try", CardUnit.CENTI_M3));
    demo.slot()
        .addCard(MemoryImage.issue(cardNo, CardUnit.CENTI_M3.wireName(), 3, 500).withTriesLeft(2));
    long txnsBefore = demo.journal().unfinished().size();

    demo.sim("/sim/cards/" + cardNo + "/insert", "");
    JsonNode refused = demo.awaitScreen("refused");

    assertThat(refused.path("data").path("reasonCode").asText()).isEqualTo("psc-tries-spent");
    assertThat(refused.path("data").path("reasonText").asText()).contains("No money was taken");
    MemoryImage after = (MemoryImage) demo.slot().image(cardNo).orElseThrow();
    assertThat(after.pscTriesLeft()).isEqualTo(2); // nothing presented
    assertThat(after.purchaseCount()).isEqualTo(3); // nothing written
    assertThat(demo.journal().unfinished()).hasSize((int) txnsBefore);
    demo.sim("/sim/card/remove", "");
    demo.awaitScreen("idle");
  }
}
