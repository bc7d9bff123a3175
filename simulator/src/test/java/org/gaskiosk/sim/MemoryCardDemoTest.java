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
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.sim.card.MemoryImage;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.card.SimCardInfo;
import org.gaskiosk.sim.central.Account;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SLE4442 memory card bought end to end through a whole demo: the production reader opens it,
 * the engine asks the central's card.service, presents the PSC once, writes backup, gas area, new
 * PSC and purchase count, and the central books the load once; the card then carries gas for the
 * meter and a second sale is refused until the meter took it.
 */
class MemoryCardDemoTest {
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

  @Test
  void a_memory_card_is_bought_with_cash_written_in_order_and_booked_once_by_the_central()
      throws Exception {
    String cardNo = SimCardFixtures.SLE4442.cardNo();
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
    long amount = demo.journal().find(txnId).orElseThrow().amount();
    assertThat(demo.journal().find(txnId).orElseThrow().state()).isEqualTo(TxnState.COMPLETED);
    assertThat(amount).isPositive();
    assertThat(card(cardNo).balance()).isEqualTo(amount); // the gas area, for the meter
    assertThat(card(cardNo).purchaseCount())
        .isEqualTo(before.purchaseCount() + 1); // the purchase count
    LedgerSnapshot ledger =
        demo.central().awaitLedger(l -> l.loads().containsKey(txnId), Duration.ofSeconds(10));
    assertThat(ledger.loads().get(txnId).money()).isEqualTo(2000);
    assertThat(ledger.loads().get(txnId).amount()).isEqualTo(amount);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> demo.journal().outbox().after(0, 1).isEmpty());

    // The meter has not taken the gas yet: a second sale is refused, nothing written.
    post(sim("/sim/card/remove"), "");
    awaitScreen("idle");
    post(sim("/sim/cards/" + cardNo + "/insert"), "");
    JsonNode refused = awaitScreen("refused");
    assertThat(refused.path("data").path("reasonCode").asText()).isEqualTo("untaken-load");
    assertThat(card(cardNo).purchaseCount()).isEqualTo(before.purchaseCount() + 1);
    post(sim("/sim/card/remove"), "");
    awaitScreen("idle");
  }

  @Test
  void a_memory_card_with_a_spent_psc_try_is_refused_before_any_money_is_taken() throws Exception {
    String cardNo = "4200000000000099";
    demo.central().putAccount(Account.of(cardNo, "spent try", CardUnit.CENTI_M3));
    demo.slot()
        .addCard(MemoryImage.issue(cardNo, CardUnit.CENTI_M3.wireName(), 3, 500).withTriesLeft(2));
    long txnsBefore = demo.journal().unfinished().size();

    post(sim("/sim/cards/" + cardNo + "/insert"), "");
    JsonNode refused = awaitScreen("refused");

    assertThat(refused.path("data").path("reasonCode").asText()).isEqualTo("psc-tries-spent");
    assertThat(refused.path("data").path("reasonText").asText()).contains("No money was taken");
    MemoryImage after = (MemoryImage) demo.slot().image(cardNo).orElseThrow();
    assertThat(after.pscTriesLeft()).isEqualTo(2); // nothing presented
    assertThat(after.purchaseCount()).isEqualTo(3); // nothing written
    assertThat(demo.journal().unfinished()).hasSize((int) txnsBefore);
    post(sim("/sim/card/remove"), "");
    awaitScreen("idle");
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
