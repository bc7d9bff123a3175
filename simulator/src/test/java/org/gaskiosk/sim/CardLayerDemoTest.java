package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.card.SimCardInfo;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.gaskiosk.sim.central.MeterAlert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card layer through a whole demo and its two HTTP APIs: an SM4 card bought end to end (card,
 * kiosk, central HSM choosing SM4 by the card's algorithm id), a meter alarm reaching the safety
 * team once per reading, and a card still carrying untaken gas refused with its reason.
 */
class CardLayerDemoTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path data;
  private static Demo demo;

  @BeforeAll
  static void startDemo() throws Exception {
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
    post(sim("/sim/card/remove"), "");
    awaitScreen("idle");
  }

  @Test
  void an_sm4_card_is_bought_with_cash_and_the_central_hsm_signs_it_with_sm4() throws Exception {
    String cardNo = SimCardFixtures.SM4_PURSE.cardNo();
    SimCardInfo before = card(cardNo);
    post(sim("/sim/cards/" + cardNo + "/insert"), "");
    awaitScreen("account");
    post(kiosk("start-purchase"), "");
    post(kiosk("set-amount"), "{\"amount\":2000}");
    post(kiosk("choose-payment"), "{\"method\":\"cash\"}");
    post(sim("/sim/banknotes"), "{\"value\":2000}");
    JsonNode done = post(kiosk("finish-cash"), "");

    assertThat(done.path("screen").asText()).as(done.toString()).isEqualTo("done");
    String txnId = done.path("data").path("txnId").asText();
    assertThat(card(cardNo).balance()).isEqualTo(before.balance() + 2000);
    assertThat(card(cardNo).sequence()).isEqualTo(before.sequence() + 1);
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
      post(sim("/sim/cards/" + cardNo + "/insert"), "");
      JsonNode account = awaitScreen("account");
      assertThat(account.path("data").path("meterNotices").toString()).contains("low-battery");
      post(sim("/sim/card/remove"), "");
      awaitScreen("idle");
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
    JsonNode listed = get(sim("/sim/central/meter-alerts"));
    assertThat(listed.toString()).contains(alert.readingId());
  }

  @Test
  void a_card_still_carrying_untaken_gas_is_refused_with_its_reason_and_nothing_is_sold()
      throws Exception {
    String cardNo = SimCardFixtures.UNTAKEN_LOAD_PURSE.cardNo();
    SimCardInfo before = card(cardNo);
    post(sim("/sim/cards/" + cardNo + "/insert"), "");
    JsonNode refused = awaitScreen("refused");
    assertThat(refused.path("data").path("reasonCode").asText()).isEqualTo("untaken-load");
    assertThat(refused.path("data").path("reasonText").asText()).contains("meter");
    assertThat(card(cardNo).balance()).isEqualTo(before.balance());
    assertThat(card(cardNo).sequence()).isEqualTo(before.sequence());
    assertThat(demo.central().ledger().authorizations().values())
        .noneMatch(a -> a.cardNo().equals(cardNo));
  }

  private static boolean isOf(MeterAlert a, String cardNo) {
    return a.cardNo().equals(cardNo);
  }

  private static SimCardInfo card(String cardNo) {
    return demo.slot().list().stream()
        .filter(c -> c.cardNo().equals(cardNo))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode awaitScreen(String screen) throws Exception {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> get(state()).path("screen").asText().equals(screen));
    return get(state());
  }

  private static URI state() {
    return URI.create("http://127.0.0.1:" + demo.kioskPort() + "/api/state");
  }

  private static URI kiosk(String action) {
    return URI.create("http://127.0.0.1:" + demo.kioskPort() + "/api/actions/" + action);
  }

  private static URI sim(String path) {
    return URI.create("http://127.0.0.1:" + demo.simPort() + path);
  }

  private static JsonNode get(URI uri) throws Exception {
    HttpResponse<String> r =
        HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s -> %s", uri, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode post(URI uri, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s -> %s", uri, body, r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }
}
