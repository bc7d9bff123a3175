package org.gaskiosk.sim.central;

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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gaskiosk.core.journal.OutboxEvent;
import org.gaskiosk.sim.Demo;
import org.gaskiosk.sim.DemoOptions;
import org.gaskiosk.sim.card.SimCardInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outage: the whole demo (production controller, central simulator) on a Mosquitto the
 * test starts, the broker stopped for two minutes in the middle of trading and started again. Lives
 * beside the Mosquitto helpers it uses.
 */
class DemoOutageIT {
  /** The figure; the one test in the suite that takes this long. */
  private static final Duration OUTAGE = Duration.ofMinutes(2);

  /**
   * The kiosk's reconnect backoff doubles up to 2 minutes (random in the upper half), so after a
   * two-minute outage its next attempt may be that far away.
   */
  private static final Duration RECOVERY = Duration.ofMinutes(3);

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String KIOSK = "K0001";
  private static final String FIRST = "3100000000000001";
  private static final String SECOND = "3100000000000006";

  @TempDir Path dir;
  private MosquittoBroker broker;
  private Demo demo;

  @AfterEach
  void stopEverything() {
    if (demo != null) {
      demo.close();
    }
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  void two_minutes_without_the_broker_mid_trading_lose_no_event_and_the_kiosk_recovers_by_itself()
      throws Exception {
    broker = MosquittoBroker.anonymous(dir.resolve("mosquitto"));
    broker.start();
    demo =
        Demo.start(
            DemoOptions.parse(
                new String[] {
                  "--mqtt", broker.uri(),
                  "--data", dir.resolve("demo").toString(),
                  "--kiosk-port", "0",
                  "--sim-port", "0",
                  "--telemetry-interval", "2"
                }));
    await().atMost(WAIT).until(() -> demo.central().isConnected());
    await().atMost(WAIT).until(() -> demo.central().telemetry(KIOSK).isPresent());
    long firstBalance = card(FIRST).balance();

    // A purchase under way: 20 yuan inserted of 50 when the broker goes, 20 more after.
    sim("/sim/cards/" + FIRST + "/insert", "");
    awaitScreen("account", WAIT);
    kiosk("start-purchase", "");
    kiosk("set-amount", "{\"amount\":5000}");
    kiosk("choose-payment", "{\"method\":\"cash\"}");
    assertThat(sim("/sim/banknotes", "{\"value\":2000}").path("outcome").asText())
        .isEqualTo("stacked");

    Instant down = Instant.now();
    broker.stop();
    await().atMost(WAIT).until(() -> !demo.central().isConnected());
    assertThat(sim("/sim/banknotes", "{\"value\":2000}").path("outcome").asText())
        .as("cash needs no central: the note is taken and journaled")
        .isEqualTo("stacked");

    // The resident loads what was inserted: the central cannot authorise, so it parks.
    JsonNode parked = kiosk("finish-cash", "");
    assertThat(parked.path("screen").asText()).isEqualTo("pending");
    String parkedTxn = parked.at("/data/txnId").asText();
    assertThat(parked.at("/data/reference").asText()).isNotBlank();
    sim("/sim/card/remove", "");
    awaitScreen("idle", WAIT.multipliedBy(2)); // the pending receipt stays on screen 20 s

    // A new resident is refused with a clear message, and nothing is taken.
    sim("/sim/cards/" + SECOND + "/insert", "");
    JsonNode refused = awaitScreen("refused", WAIT);
    assertThat(refused.at("/data/reasonCode").asText()).isEqualTo("central-unreachable");
    assertThat(refused.at("/data/reasonText").asText())
        .contains("cannot be reached", "no money was taken");

    // A fault comes and goes while offline: both ends of its lifecycle queue.
    sim("/sim/bill-acceptor", "{\"fault\":\"jam\"}");
    await().atMost(WAIT).until(() -> !demo.fleet().mode().serving());
    sim("/sim/bill-acceptor", "{\"fault\":\"none\"}");
    await().atMost(WAIT).until(() -> demo.fleet().mode().serving());

    // The outage itself is the stimulus: hold the broker down for the rest of the two minutes.
    Duration left = OUTAGE.minus(Duration.between(down, Instant.now()));
    if (!left.isNegative()) {
      Thread.sleep(left.toMillis());
    }
    assertThat(state().path("screen").asText())
        .as("still refusing while the central cannot be reached")
        .isEqualTo("refused");
    List<OutboxEvent> queued = demo.journal().outbox().after(0, 10_000);
    assertThat(queued.stream().map(OutboxEvent::type).collect(Collectors.toSet()))
        .contains("cash.accepted", "txn.pending", "fault.raised", "fault.cleared", "mode.changed");

    broker.start();
    Instant up = Instant.now();

    // Every queued event reaches the central ledger exactly once, in seq order.
    await()
        .atMost(RECOVERY)
        .until(
            () ->
                demo.journal().outbox().depth() == 0
                    && demo.central()
                        .ledger()
                        .events()
                        .keySet()
                        .containsAll(queued.stream().map(OutboxEvent::eventId).toList()));
    System.out.printf(
        "outage: %d s down, %d queued events committed %d ms after the broker came back%n",
        Duration.between(down, up).toSeconds(),
        queued.size(),
        Duration.between(up, Instant.now()).toMillis());
    LedgerSnapshot ledger = demo.central().ledger();
    List<Long> seqs =
        ledger.events().values().stream()
            .filter(e -> e.kioskId().equals(KIOSK))
            .map(LedgerSnapshot.EventEntry::seq)
            .toList();
    assertThat(seqs).isSorted().doesNotHaveDuplicates();
    assertThat(ledger.payments().get(parkedTxn))
        .extracting(LedgerSnapshot.Payment::value)
        .containsExactly(2000L, 2000L);
    assertThat(ledger.pendingCredits().get(parkedTxn).money()).isEqualTo(4000);
    // Each queued event once, type by type. (The note taken before the broker went may be among
    // them: when the central's ack for it is lost in the shutdown, the kiosk sends it again.)
    Map<String, Long> queuedPerType =
        queued.stream().collect(Collectors.groupingBy(OutboxEvent::type, Collectors.counting()));
    Map<String, Long> committedPerType =
        ledger.events().values().stream()
            .filter(e -> queued.stream().anyMatch(q -> q.eventId().equals(e.eventId())))
            .collect(Collectors.groupingBy(LedgerSnapshot.EventEntry::type, Collectors.counting()));
    assertThat(committedPerType).isEqualTo(queuedPerType);
    assertThat(queuedPerType.get("txn.pending")).isEqualTo(1);

    // Back in service without anyone touching it: the waiting resident's card is looked up again.
    awaitScreen("account", RECOVERY);
    kiosk("start-purchase", "");
    kiosk("set-amount", "{\"amount\":2000}");
    kiosk("choose-payment", "{\"method\":\"cash\"}");
    sim("/sim/banknotes", "{\"value\":2000}");
    String txn = kiosk("finish-cash", "").at("/data/txnId").asText();
    assertThat(state().path("screen").asText()).isEqualTo("done");
    demo.central().awaitLedger(l -> l.loads().containsKey(txn), WAIT);
    sim("/sim/card/remove", "");
    awaitScreen("idle", WAIT);

    // The parked credit loads once at the first card's next insertion.
    sim("/sim/cards/" + FIRST + "/insert", "");
    awaitScreen("account", WAIT);
    assertThat(card(FIRST).balance()).isEqualTo(firstBalance + 4000);
    assertThat(
            demo
                .central()
                .awaitLedger(l -> "loaded".equals(l.pendingCredits().get(parkedTxn).status()), WAIT)
                .loads()
                .values()
                .stream()
                .filter(l -> l.orderIds().contains("pending:" + parkedTxn))
                .count())
        .as("the parked credit is loaded once")
        .isEqualTo(1);
    await()
        .atMost(WAIT)
        .until(
            () ->
                demo.central().fleetConsole().path("kiosks").get(0).at("/telemetry/ageS").asLong()
                    < 5);
    outageTelemetryArrivedOnceInSeqOrder(queued, down, up);
  }

  /**
   * Telemetry sampled while the broker was down (every 2 s here) was journaled as {@code
   * tele.sample} events, bounded by the kiosk's quota, and reached the central once each, in seq
   * order: its fleet record counts exactly the distinct tele.sample events of the ledger, and its
   * history runs in sampling order.
   */
  private void outageTelemetryArrivedOnceInSeqOrder(
      List<OutboxEvent> queued, Instant down, Instant up) throws Exception {
    List<OutboxEvent> queuedTele =
        queued.stream().filter(e -> e.type().equals("tele.sample")).toList();
    assertThat(queuedTele)
        .as("a two-minute outage at a 2 s interval, within the quota of 60")
        .hasSizeBetween(10, 60);
    for (OutboxEvent e : queuedTele) {
      Instant sampled = Instant.parse(JSON.readTree(e.bodyJson()).path("ts").asText());
      assertThat(sampled).as("sampled during the outage").isBetween(down, up);
    }
    // The closing sample (if the quota dropped any) is journaled right after the first live
    // telemetry: a second live one since the broker came back means it is in the journal.
    Instant firstLive = await().atMost(WAIT).until(this::liveTelemetryTs, t -> t.isAfter(up));
    await()
        .atMost(WAIT)
        .until(
            () ->
                liveTelemetryTs().isAfter(firstLive)
                    && demo.journal().outbox().depth() == 0
                    && demo.central().fleet(KIOSK).teleSamples == teleEvents().size());
    List<LedgerSnapshot.EventEntry> ledgerTele = teleEvents();
    assertThat(ledgerTele.stream().map(LedgerSnapshot.EventEntry::eventId).toList())
        .containsAll(queuedTele.stream().map(OutboxEvent::eventId).toList());
    assertThat(ledgerTele.stream().map(LedgerSnapshot.EventEntry::seq).toList())
        .isSorted()
        .doesNotHaveDuplicates();
    FleetRecord record = demo.central().fleet(KIOSK);
    assertThat(record.teleSamples).isEqualTo(ledgerTele.size());
    List<Instant> history =
        record.teleHistory.stream().map(b -> Instant.parse(b.path("ts").asText())).toList();
    assertThat(history).hasSize(ledgerTele.size()).isSorted().doesNotHaveDuplicates();
    assertThat(history.stream().filter(t -> !t.isBefore(down)).count())
        .as("the bound: 60 per outage and one closing sample")
        .isLessThanOrEqualTo(61);
    if (record.teleSamplesDropped > 0) {
      assertThat(
              record.teleHistory.get(record.teleHistory.size() - 1).path("droppedSamples").asLong())
          .as("the closing sample carries the count")
          .isPositive();
    }
    System.out.printf(
        "outage: %d telemetry samples queued, %d reached the central, %d dropped by the bound%n",
        queuedTele.size(), record.teleSamples, record.teleSamplesDropped);
  }

  private Instant liveTelemetryTs() {
    return demo.central()
        .telemetry(KIOSK)
        .map(t -> Instant.parse(t.path("ts").asText()))
        .orElse(Instant.EPOCH);
  }

  private List<LedgerSnapshot.EventEntry> teleEvents() {
    return demo.central().ledger().events().values().stream()
        .filter(e -> e.kioskId().equals(KIOSK) && e.type().equals("tele.sample"))
        .sorted(java.util.Comparator.comparingLong(LedgerSnapshot.EventEntry::seq))
        .toList();
  }

  // ---- helpers ----------------------------------------------------------------------------

  private SimCardInfo card(String cardNo) {
    return demo.slot().list().stream()
        .filter(c -> c.cardNo().equals(cardNo))
        .findFirst()
        .orElseThrow();
  }

  private JsonNode awaitScreen(String screen, Duration atMost) throws Exception {
    await().atMost(atMost).until(() -> state().path("screen").asText().equals(screen));
    return state();
  }

  private JsonNode state() throws Exception {
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + demo.kioskPort() + "/api/state"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private JsonNode kiosk(String action, String body) throws Exception {
    return post(
        URI.create("http://127.0.0.1:" + demo.kioskPort() + "/api/actions/" + action), body);
  }

  private JsonNode sim(String path, String body) throws Exception {
    return post(URI.create("http://127.0.0.1:" + demo.simPort() + path), body);
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
