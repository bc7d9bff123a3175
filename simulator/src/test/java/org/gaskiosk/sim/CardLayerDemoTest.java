package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.card.SimCardInfo;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.gaskiosk.sim.central.MeterAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The card layer through a whole demo and its two HTTP APIs: an SM4 card bought end to end (card,
 * kiosk, central HSM choosing SM4 by the card's algorithm id), a meter alarm reaching the safety
 * team once per reading, and a card still carrying untaken gas refused with its reason.
 */
class CardLayerDemoTest {
  @RegisterExtension static final DemoDriver demo = new DemoDriver().takingTheCardOutAfterEach();

  @Test
  void an_sm4_card_is_bought_with_cash_and_the_central_hsm_signs_it_with_sm4() throws Exception {
    String cardNo = SimCardFixtures.SM4_PURSE.cardNo();
    SimCardInfo before = demo.card(cardNo);
    demo.startCash(cardNo, 2000);
    demo.sim("/sim/banknotes", "{\"value\":2000}");
    JsonNode done = demo.post(demo.actionUri("finish-cash"), "");

    assertThat(done.path("screen").asText()).as(done.toString()).isEqualTo("done");
    String txnId = done.path("data").path("txnId").asText();
    assertThat(demo.card(cardNo).balance()).isEqualTo(before.balance() + 2000);
    assertThat(demo.card(cardNo).sequence()).isEqualTo(before.sequence() + 1);
    LedgerSnapshot ledger =
        demo.central().awaitLedger(l -> l.loads().containsKey(txnId), Duration.ofSeconds(10));
    assertThat(ledger.loads().get(txnId).money()).isEqualTo(2000);
    assertThat(ledger.loads().get(txnId).tac()).hasSize(8);
  }

  @Test
  void a_low_battery_reading_reaches_the_safety_team_once_however_often_the_card_is_inserted()
      throws Exception {
    String cardNo = SimCardFixtures.LOW_BATTERY_PURSE.cardNo();
    for (int i = 0; i < 3; i++) {
      demo.sim("/sim/cards/" + cardNo + "/insert", "");
      JsonNode account = demo.awaitScreen("account");
      assertThat(account.path("data").path("meterNotices").toString()).contains("low-battery");
      demo.sim("/sim/card/remove", "");
      demo.awaitScreen("idle");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> demo.central().meterAlerts().values().stream().anyMatch(a -> isOf(a, cardNo)));
    // Every event the kiosk journaled has been acknowledged: a duplicate would have arrived.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> demo.journal().outbox().after(0, 1).isEmpty());
    assertThat(
            demo.central().ledger().events().values().stream()
                .filter(e -> e.type().equals("alert.meter"))
                .count())
        .isEqualTo(1);
    MeterAlert alert =
        demo.central().meterAlerts().values().stream()
            .filter(a -> isOf(a, cardNo))
            .findFirst()
            .orElseThrow();
    assertThat(alert.alarms()).containsExactly("low-battery");
    assertThat(alert.severity()).isEqualTo("minor");
    assertThat(alert.reports()).isEqualTo(1);
    JsonNode listed = demo.get(demo.simUri("/sim/central/meter-alerts"));
    assertThat(listed.toString()).contains(alert.readingId());
  }

  @Test
  void a_card_still_carrying_untaken_gas_is_refused_with_its_reason_and_nothing_is_sold()
      throws Exception {
    String cardNo = SimCardFixtures.UNTAKEN_LOAD_PURSE.cardNo();
    SimCardInfo before = demo.card(cardNo);
    demo.sim("/sim/cards/" + cardNo + "/insert", "");
    JsonNode refused = demo.awaitScreen("refused");
    assertThat(refused.path("data").path("reasonCode").asText()).isEqualTo("untaken-load");
    assertThat(refused.path("data").path("reasonText").asText()).contains("meter");
    assertThat(demo.card(cardNo).balance()).isEqualTo(before.balance());
    assertThat(demo.card(cardNo).sequence()).isEqualTo(before.sequence());
    assertThat(demo.central().ledger().authorizations().values())
        .noneMatch(a -> a.cardNo().equals(cardNo));
  }

  private static boolean isOf(MeterAlert a, String cardNo) {
    return a.cardNo().equals(cardNo);
  }
}
