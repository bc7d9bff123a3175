package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.gaskiosk.sim.card.SimCardInfo;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripted checks, through the two HTTP APIs of a whole demo (embedded broker, central
 * simulator, simulated card behind javax.smartcardio, the production controller): what a test
 * engineer's script does.
 */
class DemoEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String MONEY_CARD = "3100000000000001";
  @TempDir static Path data;
  private static Demo demo;

  @BeforeAll
  static void startDemo() throws IOException {
    demo =
        Demo.start(
            DemoOptions.parse(
                new String[] {
                  "--data",
                  data.toString(),
                  "--kiosk-port",
                  "0",
                  "--sim-port",
                  "0",
                  "--broker-port",
                  "0"
                }));
  }

  @AfterAll
  static void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  @AfterEach
  void takeTheCardOut() throws Exception {
    sim("POST", "/sim/card/remove", "");
    awaitScreen("idle");
  }

  @Test
  void a_scripted_cash_purchase_loads_exactly_5000_fen_and_central_counts_one_load()
      throws Exception {
    SimCardInfo before = card(MONEY_CARD);
    sim("POST", "/sim/cards/" + MONEY_CARD + "/insert", "");
    awaitScreen("account");

    assertThat(kiosk("start-purchase", "").path("screen").asText()).isEqualTo("amount");
    assertThat(kiosk("set-amount", "{\"amount\":5000}").path("screen").asText())
        .isEqualTo("pay-method");
    assertThat(kiosk("choose-payment", "{\"method\":\"cash\"}").path("screen").asText())
        .isEqualTo("cash");
    for (int value : new int[] {2000, 2000, 1000}) {
      assertThat(
              sim("POST", "/sim/banknotes", "{\"value\":" + value + "}").path("outcome").asText())
          .isEqualTo("stacked");
    }
    JsonNode done = kiosk("finish-cash", "");

    assertThat(done.path("screen").asText()).isEqualTo("done");
    String txnId = done.path("data").path("txnId").asText();
    SimCardInfo after = card(MONEY_CARD);
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
        sim("POST", "/sim/central/orders", "{\"cardNo\":\"" + MONEY_CARD + "\",\"amount\":3000}")
            .path("orderId")
            .asText();
    SimCardInfo before = card(MONEY_CARD);
    sim("POST", "/sim/cards/" + MONEY_CARD + "/insert", "");
    JsonNode account = awaitScreen("account");
    assertThat(account.path("data").path("orders").toString()).contains(orderId);

    assertThat(kiosk("load-orders", "").path("screen").asText()).isEqualTo("done");

    assertThat(card(MONEY_CARD).balance()).isEqualTo(before.balance() + 3000);
    demo.central()
        .awaitLedger(
            l -> l.orders().get(orderId).status() == LedgerSnapshot.OrderStatus.PICKED_UP,
            Duration.ofSeconds(10));
    sim("POST", "/sim/card/remove", "");
    awaitScreen("idle");
    sim("POST", "/sim/cards/" + MONEY_CARD + "/insert", "");
    assertThat(awaitScreen("account").path("data").path("orders").toString())
        .doesNotContain(orderId);
    assertThat(card(MONEY_CARD).balance()).isEqualTo(before.balance() + 3000);
  }

  @Test
  void a_tool_card_is_refused_with_its_reason_and_a_memory_card_is_served() throws Exception {
    sim("POST", "/sim/cards/9900000000000005/insert", "");
    assertThat(awaitScreen("refused").path("data").path("reasonCode").asText())
        .isEqualTo("tool-card");
    sim("POST", "/sim/card/remove", "");
    awaitScreen("idle");
    sim("POST", "/sim/cards/4200000000000004/insert", "");
    awaitScreen("account");
  }

  @Test
  void a_card_of_another_application_is_refused_and_a_garbage_answer_changes_nothing()
      throws Exception {
    sim("POST", "/sim/cards/" + Demo.FOREIGN_CARD + "/insert", "");
    assertThat(awaitScreen("refused").path("data").path("reasonCode").asText())
        .isEqualTo("unknown-card");
    sim("POST", "/sim/card/remove", "");
    awaitScreen("idle");
    int txns = demo.journal().all().size();
    SimCardInfo before = card(MONEY_CARD);

    demo.slot().corruptNext(0x5C, answer -> new byte[] {0x13, 0x37, (byte) 0x90});
    sim("POST", "/sim/cards/" + MONEY_CARD + "/insert", "");

    JsonNode error = awaitScreen("error");
    assertThat(error.path("data").path("code").asText()).isEqualTo("card-unreadable");
    assertThat(error.path("data").path("message").asText()).isNotBlank();
    assertThat(demo.journal().all()).hasSize(txns);
    assertThat(card(MONEY_CARD).balance()).isEqualTo(before.balance());
    assertThat(card(MONEY_CARD).sequence()).isEqualTo(before.sequence());
  }

  @Test
  void a_jammed_acceptor_takes_the_kiosk_out_of_service_until_it_is_cleared() throws Exception {
    sim("POST", "/sim/bill-acceptor", "{\"fault\":\"jam\"}");
    assertThat(awaitScreen("out-of-service").path("data").path("reason").asText()).isNotBlank();
    sim("POST", "/sim/cards/" + MONEY_CARD + "/insert", "");
    assertThat(state().path("screen").asText()).isEqualTo("out-of-service");

    sim("POST", "/sim/bill-acceptor", "{\"fault\":\"none\"}");

    awaitScreen("account");
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
    sim("POST", "/sim/cards/" + MONEY_CARD + "/insert", "");
    awaitScreen("account");
    kiosk("start-purchase", "");
    long version = state().path("version").asLong();

    assertThat(post(kioskUri("set-amount"), "{\"amount\":", 400))
        .containsEntry("error", "invalid-body");
    assertThat(post(kioskUri("set-amount"), "{\"amount\":\"5000\"}", 400)).containsKey("message");
    assertThat(post(kioskUri("set-amount"), "{\"amount\":999}", 422))
        .containsEntry("error", "amount-out-of-range");
    assertThat(post(kioskUri("set-amount"), "{\"amount\":100001}", 422))
        .containsEntry("error", "amount-out-of-range");
    assertThat(post(kioskUri("finish-cash"), "", 409)).containsEntry("error", "wrong-screen");
    assertThat(post(simUri("/sim/cards/1234/insert"), "", 400))
        .containsEntry("error", "unknown-card");
    assertThat(post(simUri("/sim/banknotes"), "{\"value\":\"a lot\"}", 400)).containsKey("error");

    assertThat(state().path("version").asLong()).isEqualTo(version);
    assertThat(state().path("screen").asText()).isEqualTo("amount");
    kiosk("cancel", "");
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static SimCardInfo card(String cardNo) {
    return demo.slot().list().stream()
        .filter(c -> c.cardNo().equals(cardNo))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode awaitScreen(String screen) throws Exception {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> state().path("screen").asText().equals(screen));
    return state();
  }

  private static JsonNode state() throws IOException, InterruptedException {
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + demo.kioskPort() + "/api/state"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private static URI kioskUri(String action) {
    return URI.create("http://127.0.0.1:" + demo.kioskPort() + "/api/actions/" + action);
  }

  private static URI simUri(String path) {
    return URI.create("http://127.0.0.1:" + demo.simPort() + path);
  }

  private static JsonNode kiosk(String action, String body) throws Exception {
    return send(kioskUri(action), body, 200);
  }

  private static JsonNode sim(String method, String path, String body) throws Exception {
    return send(simUri(path), body, -1);
  }

  private static java.util.Map<String, Object> post(URI uri, String body, int status)
      throws Exception {
    return JSON.convertValue(
        send(uri, body, status), new com.fasterxml.jackson.core.type.TypeReference<>() {});
  }

  private static JsonNode send(URI uri, String body, int expected) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (expected > 0) {
      assertThat(r.statusCode()).as("%s %s -> %s", uri, body, r.body()).isEqualTo(expected);
    } else {
      assertThat(r.statusCode()).as("%s %s -> %s", uri, body, r.body()).isLessThan(300);
    }
    return JSON.readTree(r.body());
  }
}
