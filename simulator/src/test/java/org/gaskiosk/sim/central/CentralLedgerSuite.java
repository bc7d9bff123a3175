package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.uplink.Topics;
import org.gaskiosk.sim.central.LedgerSnapshot.OrderStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central's ledger, fed by a hand-driven kiosk that can send anything, right or wrong; run over
 * each broker by a subclass that names it.
 */
abstract class CentralLedgerSuite {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CARD = "3100000000000001";

  private final String kioskId = broker().newKioskId();
  private final Topics topics = new Topics(kioskId);
  private final AutoCloseables closeables = new AutoCloseables();
  private final byte[] masterKey = new byte[16];
  private CentralSimulator central;
  private RawClient kiosk;

  @TempDir Path dir;

  /** The broker this run uses. */
  protected abstract TestBroker broker();

  @BeforeEach
  void givenACentralAndAHandDrivenKiosk() throws Exception {
    central = startCentral();
    central.putAccount(Account.of(CARD, "Wang Wu", CardUnit.CENTI_M3));
    kiosk = closeables.add(broker().rawKiosk(kioskId, "hand-kiosk-" + kioskId));
    kiosk.subscribe(topics.ack()).subscribe(topics.responses());
  }

  @AfterEach
  void closeEverything() throws Exception {
    closeables.closeAll();
  }

  private CentralSimulator startCentral() throws Exception {
    CentralSimulator c =
        closeables.add(
            new CentralSimulator(
                broker().central(dir, "central-" + kioskId, LoadKeys.fromMasterKey(masterKey)),
                Clock.systemUTC()));
    c.start();
    await().atMost(WAIT).until(c::isConnected);
    return c;
  }

  private static String event(String eventId, long seq, String type, String body) {
    return "{\"eventId\":\""
        + eventId
        + "\",\"seq\":"
        + seq
        + ",\"type\":\""
        + type
        + "\",\"occurredAt\":\"2026-03-14T07:00:00Z\",\"body\":"
        + body
        + "}";
  }

  private void sendBatch(long afterSeq, String... events) throws Exception {
    kiosk.publish(
        topics.events(),
        "{\"schema\":\"events/1\",\"kioskId\":\""
            + kioskId
            + "\",\"bootId\":\"boot-1\","
            + "\"afterSeq\":"
            + afterSeq
            + ",\"events\":["
            + String.join(",", events)
            + "]}");
  }

  private long nextAck() throws Exception {
    return kiosk.next(topics.ack(), WAIT).json().get("ackUpTo").asLong();
  }

  private JsonNode ask(String op, String payload) throws Exception {
    MqttProperties props = new MqttProperties();
    props.setResponseTopic(topics.responses());
    props.setCorrelationData(op.getBytes(StandardCharsets.UTF_8));
    kiosk.publish(topics.request(op), payload.getBytes(StandardCharsets.UTF_8), props);
    RawClient.Received answer = kiosk.next(topics.responses(), WAIT);
    assertThat(answer.properties().getCorrelationData())
        .isEqualTo(op.getBytes(StandardCharsets.UTF_8));
    return answer.json();
  }

  @Test
  void counts_a_duplicated_event_once_and_acknowledges_it_each_time() throws Exception {
    String cash =
        event("e-1", 1, "cash.accepted", "{\"txnId\":\"t1\",\"noteId\":\"n1\",\"value\":5000}");

    sendBatch(0, cash);
    assertThat(nextAck()).isEqualTo(1);
    sendBatch(0, cash);
    assertThat(nextAck()).isEqualTo(1);

    LedgerSnapshot l = central.ledger();
    assertThat(l.events()).hasSize(1);
    assertThat(l.payments().get("t1")).hasSize(1);
    assertThat(l.counters().duplicates()).isEqualTo(1);
    assertThat(l.kiosks().get(kioskId).duplicates()).isEqualTo(1);
    assertThat(l.kiosks().get(kioskId).committedUpTo()).isEqualTo(1);
  }

  @Test
  void ignores_malformed_json_on_event_and_request_topics_and_keeps_working() throws Exception {
    kiosk.publish(topics.events(), "{not json");
    kiosk.publish(topics.events(), "{\"schema\":\"events/1\",\"bootId\":\"b\",\"events\":[]}");
    JsonNode garbage = ask("card.lookup", "not json either");
    assertThat(garbage.get("result").asText()).isEqualTo("error");
    JsonNode noCard = ask("load.authorize", "{\"requestId\":\"r-9\"}");
    assertThat(noCard.get("result").asText()).isEqualTo("error");
    assertThat(noCard.get("requestId").asText()).isEqualTo("r-9");
    MqttProperties elsewhere = new MqttProperties();
    elsewhere.setResponseTopic("kiosk/v1/SOMEONE-ELSE/res");
    elsewhere.setCorrelationData(new byte[] {1});
    kiosk.publish(topics.request("card.lookup"), "{}".getBytes(StandardCharsets.UTF_8), elsewhere);

    sendBatch(
        0, event("e-ok", 1, "cash.accepted", "{\"txnId\":\"t2\",\"noteId\":\"n\",\"value\":100}"));
    assertThat(nextAck()).isEqualTo(1);
    JsonNode account =
        ask("card.lookup", "{\"requestId\":\"r-1\",\"card\":{\"cardNo\":\"" + CARD + "\"}}");
    assertThat(account.get("result").asText()).isEqualTo("account");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              LedgerSnapshot.Counters c = central.ledger().counters();
              assertThat(c.rejectedEvents()).isEqualTo(2);
              assertThat(c.rejectedRequests()).isEqualTo(3);
              assertThat(c.events()).isEqualTo(1);
            });
  }

  @Test
  void keeps_an_event_with_a_broken_body_as_rejected_so_the_outbox_moves_on() throws Exception {
    sendBatch(
        0,
        event("e-bad", 1, "txn.completed", "{\"txnId\":\"t3\"}"),
        event("e-new", 2, "meter.read", "{\"anything\":true}"));

    assertThat(nextAck()).isEqualTo(2);
    LedgerSnapshot l = central.ledger();
    assertThat(l.events().get("e-bad").status()).startsWith("rejected");
    assertThat(l.events().get("e-new").status()).isEqualTo("recorded");
    assertThat(l.counters().unknownTypes()).isEqualTo(1);
    assertThat(l.loads()).isEmpty();
  }

  @Test
  void files_one_meter_alert_per_reading_for_the_safety_team_whichever_kiosk_reports_it()
      throws Exception {
    String reading = CARD + ":2026-03-01:40:a";
    String body =
        "{\"readingId\":\""
            + reading
            + "\",\"cardNo\":\""
            + CARD
            + "\",\"alarms\":[\"leak-alarm\",\"low-battery\"],\"severity\":\"critical\","
            + "\"remaining\":40,\"lastUse\":\"2026-03-01\"}";
    sendBatch(
        0,
        event("a-1", 1, "alert.meter", body),
        event("a-2", 2, "alert.meter", body),
        event("a-bad", 3, "alert.meter", "{\"readingId\":\"x\",\"cardNo\":\"" + CARD + "\"}"));

    assertThat(nextAck()).isEqualTo(3);
    Map<String, MeterAlert> alerts = central.meterAlerts();
    assertThat(alerts).containsOnlyKeys(reading);
    MeterAlert a = alerts.get(reading);
    assertThat(a.severity()).isEqualTo("critical");
    assertThat(a.alarms()).containsExactly("leak-alarm", "low-battery");
    assertThat(a.reports()).isEqualTo(2);
    assertThat(a.kioskIds()).containsExactly(kioskId);
    assertThat(central.ledger().events().get("a-bad").status()).startsWith("rejected");
  }

  @Test
  void acknowledges_only_what_is_contiguous_and_shows_the_gap() throws Exception {
    sendBatch(0, event("e-1", 1, "fault.raised", "{}"), event("e-2", 2, "fault.cleared", "{}"));
    assertThat(nextAck()).isEqualTo(2);

    sendBatch(4, event("e-5", 5, "fault.raised", "{}"));
    assertThat(nextAck()).as("batch 3..4 never arrived").isEqualTo(2);
    assertThat(central.ledger().kiosks().get(kioskId).gaps()).isEqualTo(1);

    sendBatch(
        0,
        event("e-3", 3, "fault.raised", "{}"),
        event("e-4", 4, "fault.raised", "{}"),
        event("e-5", 5, "fault.raised", "{}"));
    assertThat(nextAck()).isEqualTo(5);
    assertThat(central.ledger().events()).hasSize(5);
  }

  @Test
  void a_pending_credit_waits_as_an_order_until_a_kiosk_loads_it_elsewhere() throws Exception {
    sendBatch(
        0,
        event("e-1", 1, "cash.accepted", "{\"txnId\":\"t-p\",\"noteId\":\"n1\",\"value\":2000}"),
        event(
            "e-2",
            2,
            "txn.pending",
            "{\"txnId\":\"t-p\",\"cardNo\":\""
                + CARD
                + "\",\"unit\":\"centi-m3\",\"amount\":580,\"money\":2000,"
                + "\"reason\":\"card-pulled\",\"reference\":\"R-7\"}"));
    assertThat(nextAck()).isEqualTo(2);
    JsonNode lookup =
        ask("card.lookup", "{\"requestId\":\"r-1\",\"card\":{\"cardNo\":\"" + CARD + "\"}}");
    assertThat(lookup.at("/account/orders/0/orderId").asText()).isEqualTo("pending:t-p");
    assertThat(lookup.at("/account/orders/0/kind").asText()).isEqualTo("pending");
    assertThat(lookup.at("/account/orders/0/money").asLong()).isEqualTo(2000);
    assertThat(lookup.at("/account/cycleVolumeCentiM3").asLong()).isEqualTo(580);

    sendBatch(
        2,
        event(
            "e-3",
            3,
            "txn.completed",
            "{\"txnId\":\"t-r\",\"cardNo\":\""
                + CARD
                + "\",\"kind\":\"resume\",\"amount\":580,\"unit\":\"centi-m3\",\"money\":2000,"
                + "\"cashPaid\":0,\"orderIds\":[\"pending:t-p\"],\"sequence\":8,\"tac\":\"01020304\","
                + "\"newBalance\":2580,\"terminalId\":\"001122334455\"}"),
        event(
            "e-4",
            4,
            "txn.loaded-elsewhere",
            "{\"txnId\":\"t-p\",\"cardNo\":\"" + CARD + "\",\"money\":2000,\"byTxnId\":\"t-r\"}"));
    assertThat(nextAck()).isEqualTo(4);

    LedgerSnapshot l = central.ledger();
    assertThat(l.orders().get("pending:t-p").status()).isEqualTo(OrderStatus.PICKED_UP);
    assertThat(l.orders().get("pending:t-p").txnId()).isEqualTo("t-r");
    assertThat(l.pendingCredits().get("t-p").status()).isEqualTo("loaded-elsewhere");
    assertThat(l.pendingCredits().get("t-p").loadedBy()).isEqualTo("t-r");
    assertThat(l.loads().get("t-r").kind()).isEqualTo("resume");
    assertThat(central.account(CARD).orElseThrow().cycleVolumeCentiM3())
        .as("a resume is no new sale")
        .isEqualTo(580);
  }

  @Test
  void keeps_accounts_and_ledger_across_a_restart() throws Exception {
    sendBatch(
        0, event("e-1", 1, "cash.accepted", "{\"txnId\":\"t1\",\"noteId\":\"n1\",\"value\":100}"));
    assertThat(nextAck()).isEqualTo(1);
    String orderId = central.createOrder(CARD, 300, 1_035);
    central.close();

    CentralSimulator again = startCentral();

    assertThat(again.account(CARD)).isPresent();
    assertThat(again.ledger().events()).containsKey("e-1");
    assertThat(again.ledger().orders()).containsKey(orderId);
    assertThat(again.ledger().kiosks().get(kioskId).committedUpTo()).isEqualTo(1);
    sendBatch(
        0, event("e-1", 1, "cash.accepted", "{\"txnId\":\"t1\",\"noteId\":\"n1\",\"value\":100}"));
    assertThat(nextAck()).isEqualTo(1);
    assertThat(again.ledger().counters().duplicates()).isEqualTo(1);
  }
}
