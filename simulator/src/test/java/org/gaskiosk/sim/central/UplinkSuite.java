package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.core.uplink.MqttUplink;
import org.gaskiosk.core.uplink.Topics;
import org.gaskiosk.core.uplink.UplinkConfig;
import org.gaskiosk.sim.broker.NetworkSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kiosk's uplink against a real broker, with a hand-driven or a simulated central; run over
 * each broker by a subclass that names it.
 */
abstract class UplinkSuite {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final CardSnapshot CARD =
      new CardSnapshot("3100000000000001", CardFamily.PURSE, CardUnit.FEN, 0, MeterRecord.NONE);

  private final String kioskId = broker().newKioskId();
  private final Topics topics = new Topics(kioskId);
  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final AutoCloseables closeables = new AutoCloseables();

  @TempDir Path dir;

  /** The broker this run uses. */
  protected abstract TestBroker broker();

  @AfterEach
  void closeEverything() throws Exception {
    closeables.closeAll();
  }

  private UplinkConfig config(TestBroker broker) {
    return broker
        .kiosk(kioskId)
        .withOutbox(2, 4, Duration.ofSeconds(30), Duration.ofMillis(200))
        .withReconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
        .withRequestTimeout(Duration.ofSeconds(3))
        .withSession(Duration.ofMinutes(5), Duration.ofSeconds(1));
  }

  private MqttUplink started(UplinkConfig config) {
    MqttUplink uplink = closeables.add(new MqttUplink(config, outbox, Clock.systemUTC(), "boot-1"));
    uplink.start();
    return uplink;
  }

  private RawClient client(String role, String... filters) throws Exception {
    RawClient c = closeables.add(broker().rawCentral(role + "-" + kioskId));
    for (String f : filters) {
      c.subscribe(f);
    }
    return c;
  }

  private CentralSimulator central(TestBroker broker) throws Exception {
    CentralSimulator c =
        closeables.add(
            new CentralSimulator(
                broker.central(dir, "central-" + kioskId, LoadKeys.fromMasterKey(new byte[16])),
                Clock.systemUTC()));
    c.start();
    return c;
  }

  /** Threads of this kiosk's uplink: its executor and Paho's threads named after the client id. */
  private List<String> uplinkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive())
        .map(Thread::getName)
        .filter(n -> n.equals("uplink-" + kioskId) || n.endsWith(": kiosk-" + kioskId))
        .toList();
  }

  @Test
  void publishes_outbox_rows_in_batches_and_deletes_them_only_after_the_central_acks()
      throws Exception {
    RawClient central = client("hand-central", topics.events());
    for (int i = 1; i <= 3; i++) {
      outbox.append("cash.accepted", "{\"txnId\":\"t1\",\"noteId\":\"n" + i + "\",\"value\":1000}");
    }
    MqttUplink uplink = started(config(broker()));

    JsonNode first = central.next(topics.events(), WAIT).json();
    JsonNode second = central.next(topics.events(), WAIT).json();
    assertThat(first.get("schema").asText()).isEqualTo("events/1");
    assertThat(first.get("kioskId").asText()).isEqualTo(kioskId);
    assertThat(first.get("bootId").asText()).isEqualTo("boot-1");
    assertThat(first.get("afterSeq").asLong()).isZero();
    assertThat(first.get("events")).hasSize(2);
    assertThat(first.at("/events/0/seq").asLong()).isEqualTo(1);
    assertThat(first.at("/events/0/body/value").asLong()).isEqualTo(1000);
    assertThat(second.get("afterSeq").asLong()).isEqualTo(2);
    assertThat(second.at("/events/0/seq").asLong()).isEqualTo(3);
    assertThat(outbox.depth()).isEqualTo(3);
    assertThat(outbox.acks()).isEmpty();

    central.publish(topics.ack(), "{\"ackUpTo\":2}");
    await().atMost(WAIT).until(() -> outbox.depth() == 1);
    assertThat(outbox.acks()).containsExactly(2L);

    outbox.append("cash.accepted", "{\"txnId\":\"t1\",\"noteId\":\"n4\",\"value\":1000}");
    JsonNode third = central.next(topics.events(), WAIT).json();
    assertThat(third.at("/events/0/seq").asLong()).isEqualTo(4);
    central.publish(topics.ack(), "{\"ackUpTo\":4}");
    await().atMost(WAIT).until(() -> outbox.depth() == 0);
    assertThat(uplink.health().connected()).isTrue();
    assertThat(uplink.health().lastCentralContact()).isNotNull();
    assertThat(uplink.health().lastAckedSeq()).isEqualTo(4);
  }

  @Test
  void sends_unacknowledged_events_again_when_no_ack_comes_in_time() throws Exception {
    RawClient central = client("hand-central", topics.events());
    String eventId = outbox.append("cash.accepted", "{}").eventId();
    started(config(broker()).withOutbox(2, 4, Duration.ofMillis(800), Duration.ofMillis(100)));

    JsonNode first = central.next(topics.events(), WAIT).json();
    JsonNode again = central.next(topics.events(), WAIT).json();

    assertThat(first.at("/events/0/eventId").asText()).isEqualTo(eventId);
    assertThat(again.at("/events/0/eventId").asText()).isEqualTo(eventId);
    assertThat(again.get("afterSeq").asLong()).isZero();
    assertThat(outbox.depth()).isEqualTo(1);
  }

  @Test
  void connects_when_the_broker_comes_up_later_and_drains_the_outbox_again_after_a_restart()
      throws Exception {
    TestBroker.Restartable broker = closeables.add(broker().restartable(dir.resolve("own")));
    for (int i = 1; i <= 3; i++) {
      outbox.append("cash.accepted", "{\"txnId\":\"t1\",\"noteId\":\"n" + i + "\",\"value\":500}");
    }
    UplinkConfig config =
        config(broker).withOutbox(2, 4, Duration.ofSeconds(2), Duration.ofMillis(200));
    MqttUplink uplink = started(config);
    assertThat(uplink.health().connected()).isFalse();

    broker.start();
    CentralSimulator central = central(broker);

    await().atMost(WAIT).until(() -> outbox.depth() == 0);
    assertThat(central.ledger().payments().get("t1")).hasSize(3);

    broker.stop();
    await().atMost(WAIT).until(() -> !uplink.health().connected());
    outbox.append("cash.accepted", "{\"txnId\":\"t2\",\"noteId\":\"n5\",\"value\":500}");
    broker.start();

    await().atMost(WAIT).until(() -> outbox.depth() == 0);
    assertThat(central.ledger().counters().events()).isEqualTo(4);
  }

  @Test
  void a_batch_lost_in_a_broker_restart_and_a_lost_ack_still_reach_the_ledger_once_each()
      throws Exception {
    TestBroker.Restartable broker = closeables.add(broker().restartable(dir.resolve("own")));
    broker.start();
    CentralConfig c =
        broker.central(
            dir.resolve("central"), "central-" + kioskId, LoadKeys.fromMasterKey(new byte[16]));
    // A persistent session: while the central is away the broker queues the kiosk's batches.
    CentralConfig persistent =
        new CentralConfig(
            c.brokerUri(),
            c.dataFolder(),
            c.clientId(),
            c.username(),
            c.password(),
            c.loadKeys(),
            Duration.ofHours(1));
    CentralSimulator away = new CentralSimulator(persistent, Clock.systemUTC());
    away.start();
    await().atMost(WAIT).until(away::isConnected);
    away.close();
    RawClient watcher =
        closeables.add(broker.rawCentral("watcher-" + kioskId)).subscribe(topics.events());
    for (int i = 1; i <= 3; i++) {
      outbox.append("cash.accepted", "{\"txnId\":\"t9\",\"noteId\":\"n" + i + "\",\"value\":100}");
    }
    MqttUplink uplink =
        started(config(broker).withOutbox(2, 4, Duration.ofSeconds(2), Duration.ofMillis(200)));
    watcher.next(topics.events(), WAIT);
    watcher.next(topics.events(), WAIT);

    // Both batches sit in the broker's queue for the central when the broker restarts: gone.
    broker.stop();
    broker.start();
    outbox.loseNextAcks(2);
    CentralSimulator central =
        CentralFixtures.startSubscribed(
            closeables.add(new CentralSimulator(persistent, Clock.systemUTC())));

    await().atMost(WAIT).until(() -> outbox.depth() == 0);
    LedgerSnapshot l = central.ledger();
    assertThat(outbox.lostAcks()).hasSize(2);
    assertThat(l.payments().get("t9")).hasSize(3);
    assertThat(l.events().values().stream().filter(e -> e.kioskId().equals(kioskId)))
        .extracting(LedgerSnapshot.EventEntry::seq)
        .containsExactly(1L, 2L, 3L);
    assertThat(l.counters().duplicates())
        .as("the batch sent again after the lost ack")
        .isPositive();
    assertThat(uplink.health().lastAckedSeq()).isEqualTo(3);
  }

  @Test
  void a_cut_link_marks_the_kiosk_lost_and_on_restore_it_reconnects_and_sends_again()
      throws Exception {
    RawClient watcher = client("watcher", topics.status(), topics.events());
    NetworkSwitch cable = new NetworkSwitch();
    MqttUplink uplink = started(config(broker()).withSocketFactory(cable));
    assertThat(watcher.next(topics.status(), WAIT).json().get("state").asText())
        .isEqualTo("online");

    cable.cut();
    String eventId = outbox.append("fault.raised", "{\"code\":\"printer-paper-out\"}").eventId();
    JsonNode lost = watcher.next(topics.status(), WAIT).json();
    assertThat(lost.get("state").asText()).isEqualTo("lost");
    assertThat(lost.get("bootId").asText()).isEqualTo("boot-1");
    assertThat(uplink.health().connected()).isFalse();

    cable.restore();
    assertThat(watcher.next(topics.status(), WAIT).json().get("state").asText())
        .isEqualTo("online");
    JsonNode batch = watcher.next(topics.events(), WAIT).json();
    assertThat(batch.at("/events/0/eventId").asText()).isEqualTo(eventId);
  }

  @Test
  void requests_time_out_to_unreachable_when_no_central_answers() {
    MqttUplink uplink = started(config(broker()));
    await().atMost(WAIT).until(() -> uplink.health().connected());

    long before = System.nanoTime();
    LookupResult r = uplink.lookup(new LookupRequest("r-" + kioskId, CARD));

    assertThat(r).isInstanceOf(LookupResult.Unreachable.class);
    assertThat(((LookupResult.Unreachable) r).message()).contains("no answer", "3000 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - before))
        .isBetween(Duration.ofMillis(2900), Duration.ofSeconds(10));
  }

  @Test
  void an_unreadable_answer_is_a_clear_value_and_an_uncorrelated_one_is_ignored() throws Exception {
    RawClient central = client("hand-central", topics.request("#"));
    MqttUplink uplink = started(config(broker()));
    await().atMost(WAIT).until(() -> uplink.health().connected());

    Thread answerer =
        new Thread(
            () -> {
              try {
                RawClient.Received req = central.next(WAIT);
                MqttProperties props = new MqttProperties();
                props.setCorrelationData(req.properties().getCorrelationData());
                central.publish(
                    req.properties().getResponseTopic(),
                    "{\"result\":\"account\",\"account\":{\"holder\":1}}"
                        .getBytes(StandardCharsets.UTF_8),
                    props);
                RawClient.Received second = central.next(WAIT);
                central.publish(second.properties().getResponseTopic(), "{\"result\":\"unknown\"}");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    answerer.start();

    LookupResult malformed = uplink.lookup(new LookupRequest("r1-" + kioskId, CARD));
    LookupResult uncorrelated = uplink.lookup(new LookupRequest("r2-" + kioskId, CARD));
    answerer.join(WAIT.toMillis());

    assertThat(malformed).isInstanceOf(LookupResult.Unreachable.class);
    assertThat(((LookupResult.Unreachable) malformed).message()).contains("malformed", "holder");
    assertThat(uncorrelated).isInstanceOf(LookupResult.Unreachable.class);
    assertThat(((LookupResult.Unreachable) uncorrelated).message()).contains("no answer");
  }

  @Test
  void presence_is_retained_online_while_up_and_offline_after_close_with_no_thread_left()
      throws Exception {
    MqttUplink uplink = started(config(broker()));
    await().atMost(WAIT).until(() -> uplink.health().connected());
    RawClient late = client("late-watcher", topics.status());
    RawClient.Received online = late.next(topics.status(), WAIT);
    assertThat(online.retained()).isTrue();
    assertThat(online.json().get("schema").asText()).isEqualTo("status/1");
    assertThat(online.json().get("state").asText()).isEqualTo("online");
    assertThat(online.json().get("mode").asText()).isEqualTo("in-service");
    uplink.setMode("maintenance");
    assertThat(late.next(topics.status(), WAIT).json().get("mode").asText())
        .isEqualTo("maintenance");

    assertThat(uplinkThreads()).isNotEmpty();
    uplink.close();

    await().atMost(WAIT).untilAsserted(() -> assertThat(uplinkThreads()).isEmpty());
    RawClient after = client("after-watcher", topics.status());
    RawClient.Received offline = after.next(topics.status(), WAIT);
    assertThat(offline.retained()).isTrue();
    assertThat(offline.json().get("state").asText()).isEqualTo("offline");
    // A clean close sends DISCONNECT, so the broker discards the will: no "lost" after the delay.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> after.drain().isEmpty());
  }
}
