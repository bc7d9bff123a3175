package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.gaskiosk.sim.card.SimCardInfo;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scripted checks, through the two HTTP APIs of a whole demo (embedded broker, central
 * simulator, simulated card behind javax.smartcardio, the production controller): what a test
 * engineer's script does.
 */
class DemoEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MONEY_CARD = "3100000000000001";
  @RegisterExtension static final DemoDriver demo = new DemoDriver().takingTheCardOutAfterEach();

  @Test
  void a_scripted_cash_purchase_loads_exactly_5000_fen_and_central_counts_one_load()
      throws Exception {
    SimCardInfo before = demo.card(MONEY_CARD);
    demo.sim("/sim/cards/" + MONEY_CARD + "/insert", "");
    demo.awaitScreen("account");

    assertThat(demo.kiosk("start-purchase", "").path("screen").asText()).isEqualTo("amount");
    assertThat(demo.kiosk("set-amount", "{\"amount\":5000}").path("screen").asText())
        .isEqualTo("pay-method");
    assertThat(demo.kiosk("choose-payment", "{\"method\":\"cash\"}").path("screen").asText())
        .isEqualTo("cash");
    for (int value : new int[] {2000, 2000, 1000}) {
      assertThat(demo.sim("/sim/banknotes", "{\"value\":" + value + "}").path("outcome").asText())
          .isEqualTo("stacked");
    }
    JsonNode done = demo.kiosk("finish-cash", "");

    assertThat(done.path("screen").asText()).isEqualTo("done");
    String txnId = done.path("data").path("txnId").asText();
    SimCardInfo after = demo.card(MONEY_CARD);
    assertThat(after.balance()).isEqualTo(before.balance() + 5000);
    assertThat(after.sequence()).isEqualTo(before.sequence() + 1);
    LedgerSnapshot ledger =
        demo.central().awaitLedger(l -> l.loads().containsKey(txnId), Duration.ofSeconds(10));
    assertThat(ledger.loads().get(txnId).money()).isEqualTo(5000);
    assertThat(
            ledger.events().values().stream()
                .filter(e -> e.type().equals("txn.completed"))
                .filter(e -> ledger.loads().containsKey(txnId))
                .count())
        .isGreaterThanOrEqualTo(1);
    assertThat(ledger.loads().values().stream().filter(l -> l.txnId().equals(txnId)).count())
        .isEqualTo(1);
  }

  @Test
  void an_online_order_is_offered_at_the_next_insertion_and_loaded_exactly_once() throws Exception {
    String orderId =
        demo.sim("/sim/central/orders", "{\"cardNo\":\"" + MONEY_CARD + "\",\"amount\":3000}")
            .path("orderId")
            .asText();
    SimCardInfo before = demo.card(MONEY_CARD);
    demo.sim("/sim/cards/" + MONEY_CARD + "/insert", "");
    JsonNode account = demo.awaitScreen("account");
    assertThat(account.path("data").path("orders").toString()).contains(orderId);

    assertThat(demo.kiosk("load-orders", "").path("screen").asText()).isEqualTo("done");

    assertThat(demo.card(MONEY_CARD).balance()).isEqualTo(before.balance() + 3000);
    demo.central()
        .awaitLedger(
            l -> l.orders().get(orderId).status() == LedgerSnapshot.OrderStatus.PICKED_UP,
            Duration.ofSeconds(10));
    demo.sim("/sim/card/remove", "");
    demo.awaitScreen("idle");
    demo.sim("/sim/cards/" + MONEY_CARD + "/insert", "");
    assertThat(demo.awaitScreen("account").path("data").path("orders").toString())
        .doesNotContain(orderId);
    assertThat(demo.card(MONEY_CARD).balance()).isEqualTo(before.balance() + 3000);
  }

  @Test
  void a_tool_card_is_refused_with_its_reason_and_a_memory_card_is_served() throws Exception {
    demo.sim("/sim/cards/9900000000000005/insert", "");
    assertThat(demo.awaitScreen("refused").path("data").path("reasonCode").asText())
        .isEqualTo("tool-card");
    demo.sim("/sim/card/remove", "");
    demo.awaitScreen("idle");
    demo.sim("/sim/cards/4200000000000004/insert", "");
    demo.awaitScreen("account");
  }

  @Test
  void a_card_of_another_application_is_refused_and_a_garbage_answer_changes_nothing()
      throws Exception {
    demo.sim("/sim/cards/" + Demo.FOREIGN_CARD + "/insert", "");
    assertThat(demo.awaitScreen("refused").path("data").path("reasonCode").asText())
        .isEqualTo("unknown-card");
    demo.sim("/sim/card/remove", "");
    demo.awaitScreen("idle");
    int txns = demo.journal().all().size();
    SimCardInfo before = demo.card(MONEY_CARD);

    demo.slot().corruptNext(0x5C, answer -> new byte[] {0x13, 0x37, (byte) 0x90});
    demo.sim("/sim/cards/" + MONEY_CARD + "/insert", "");

    JsonNode error = demo.awaitScreen("error");
    assertThat(error.path("data").path("code").asText()).isEqualTo("card-unreadable");
    assertThat(error.path("data").path("message").asText()).isNotBlank();
    assertThat(demo.journal().all()).hasSize(txns);
    assertThat(demo.card(MONEY_CARD).balance()).isEqualTo(before.balance());
    assertThat(demo.card(MONEY_CARD).sequence()).isEqualTo(before.sequence());
  }

  @Test
  void a_jammed_acceptor_takes_the_kiosk_out_of_service_until_it_is_cleared() throws Exception {
    demo.sim("/sim/bill-acceptor", "{\"fault\":\"jam\"}");
    assertThat(demo.awaitScreen("out-of-service").path("data").path("reason").asText())
        .isNotBlank();
    demo.sim("/sim/cards/" + MONEY_CARD + "/insert", "");
    assertThat(demo.state().path("screen").asText()).isEqualTo("out-of-service");

    demo.sim("/sim/bill-acceptor", "{\"fault\":\"none\"}");

    demo.awaitScreen("account");
    assertThat(
            demo
                .central()
                .awaitLedger(
                    l ->
                        l.events().values().stream()
                            .anyMatch(e -> e.type().equals("fault.cleared")),
                    Duration.ofSeconds(10))
                .events()
                .values()
                .stream()
                .anyMatch(e -> e.type().equals("fault.raised")))
        .isTrue();
  }

  @Test
  void bad_requests_get_clear_refusals_and_change_nothing() throws Exception {
    demo.sim("/sim/cards/" + MONEY_CARD + "/insert", "");
    demo.awaitScreen("account");
    demo.kiosk("start-purchase", "");
    long version = demo.state().path("version").asLong();

    assertThat(post(demo.actionUri("set-amount"), "{\"amount\":", 400))
        .containsEntry("error", "invalid-body");
    assertThat(post(demo.actionUri("set-amount"), "{\"amount\":\"5000\"}", 400))
        .containsKey("message");
    assertThat(post(demo.actionUri("set-amount"), "{\"amount\":999}", 422))
        .containsEntry("error", "amount-out-of-range");
    assertThat(post(demo.actionUri("set-amount"), "{\"amount\":100001}", 422))
        .containsEntry("error", "amount-out-of-range");
    assertThat(post(demo.actionUri("finish-cash"), "", 409)).containsEntry("error", "wrong-screen");
    assertThat(post(demo.simUri("/sim/cards/1234/insert"), "", 400))
        .containsEntry("error", "unknown-card");
    assertThat(post(demo.simUri("/sim/banknotes"), "{\"value\":\"a lot\"}", 400))
        .containsKey("error");

    assertThat(demo.state().path("version").asLong()).isEqualTo(version);
    assertThat(demo.state().path("screen").asText()).isEqualTo("amount");
    demo.kiosk("cancel", "");
  }

  private static Map<String, Object> post(URI uri, String body, int status) throws Exception {
    return JSON.convertValue(demo.send("POST", uri, body, status), new TypeReference<>() {});
  }
}
