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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.Money;
import org.gaskiosk.core.domain.Volume;
import org.gaskiosk.core.journal.DayBook;
import org.gaskiosk.core.settlement.DailySettlement;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kiosk body and its keepers through a whole demo and its HTTP APIs: the GPIO on Pi4J mocks,
 * the ESC/POS printer decoded by the simulated printer, maintenance visits, and the daily
 * settlement reconciled by the central simulator.
 */
class KeepersDemoTest {
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
                  "--data", data.toString(),
                  "--kiosk-port", "0",
                  "--sim-port", "0",
                  "--broker-port", "0"
                }));
  }

  @AfterAll
  static void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  @AfterEach
  void cardOut() throws Exception {
    post(simUri("/sim/card/remove"), "", null, -1);
    awaitScreen("idle");
  }

  // ---- the scenarios ------------------------------------------------------------------------

  @Test
  void a_whole_maintenance_visit_collects_the_cash_with_its_counters_and_event_and_ends_in_service()
      throws Exception {
    buyWithCash(MONEY_CARD, 5000, 2000, 2000, 1000);
    post(simUri("/sim/card/remove"), "", null, -1);
    awaitScreen("idle");
    assertThat(get(kioskUri("/api/maintenance/state"), null).path("visitActive").asBoolean())
        .isFalse();

    JsonNode wrong =
        post(maintenance("login"), "{\"staffId\":\"demo\",\"pin\":\"00000x\"}", null, 401);
    assertThat(wrong.path("error").asText()).isEqualTo("wrong-pin");
    String token =
        post(maintenance("login"), "{\"staffId\":\"demo\",\"pin\":\"" + pin() + "\"}", null, 200)
            .path("token")
            .asText();

    awaitScreen("out-of-service");
    await().atMost(Duration.ofSeconds(10)).until(() -> gpio().path("redLed").asBoolean());
    assertThat(gpio().path("greenLed").asBoolean()).isFalse();
    JsonNode box = get(kioskUri("/api/maintenance/state"), token).path("cashBox");
    assertThat(box.path("sinceCollection").path("2000").asLong()).isGreaterThanOrEqualTo(2);
    long inBox = box.path("total").asLong();
    assertThat(inBox).isGreaterThanOrEqualTo(5000);

    JsonNode collected = post(maintenance("collect-cash"), "", token, 200);
    assertThat(collected.path("total").asLong()).isEqualTo(inBox);
    assertThat(collected.path("receipt").asText()).isEqualTo("printed");
    assertThat(
            get(kioskUri("/api/maintenance/state"), token)
                .path("cashBox")
                .path("sinceCollection")
                .size())
        .isZero();
    JsonNode slip = lastReceipt();
    assertThat(slip.path("lines").toString())
        .contains("现金收取凭条 CASH COLLECTION")
        .contains("维护员 Staff: demo")
        .contains("合计 Total: " + Money.fen(inBox).toYuanString() + " CNY");
    awaitCentralEvent("cash.collected");

    JsonNode out = post(maintenance("logout"), "", token, 200);
    assertThat(out.path("mode").asText()).isEqualTo("in-service");
    awaitScreen("idle");
    await().atMost(Duration.ofSeconds(10)).until(() -> gpio().path("greenLed").asBoolean());
    assertThat(gpio().path("redLed").asBoolean()).isFalse();
    awaitCentralEvent("maintenance.logout");
    assertThat(centralEventTypes())
        .contains("maintenance.login-failed", "maintenance.login", "cash.collected");
    post(maintenance("collect-cash"), "", token, 401); // the visit is over: its token is void
  }

  @Test
  void the_door_opened_without_a_visit_takes_the_kiosk_out_of_service_and_raises_the_alarm()
      throws Exception {
    post(simUri("/sim/door"), "{\"open\":true}", null, -1);

    awaitScreen("out-of-service");
    await().atMost(Duration.ofSeconds(10)).until(() -> gpio().path("buzzer").asBoolean());
    assertThat(gpio().path("redLed").asBoolean()).isTrue();
    assertThat(demo.fleet().faults().open())
        .anySatisfy(f -> assertThat(f.code()).isEqualTo("cash-box-door-opened"));
    awaitCentralEvent("fault.raised");

    post(simUri("/sim/door"), "{\"open\":false}", null, -1);
    String token =
        post(maintenance("login"), "{\"staffId\":\"demo\",\"pin\":\"" + pin() + "\"}", null, 200)
            .path("token")
            .asText();
    assertThat(gpio().path("buzzer").asBoolean()).isFalse();
    post(maintenance("logout"), "", token, 200);
    awaitScreen("idle");
  }

  @Test
  void the_printed_receipt_decodes_to_every_field_in_chinese() throws Exception {
    String card = SimCardFixtures.VOLUME_PURSE.cardNo();
    JsonNode done = buyWithCash(card, 10000, 10000);
    JsonNode d = done.path("data");
    String reference = d.path("reference").asText();

    JsonNode receipt = lastReceipt();
    List<String> lines = new ArrayList<>();
    receipt.path("lines").forEach(l -> lines.add(l.asText()));
    assertThat(lines.get(0)).isEqualTo("燃气充值凭条 GAS RECHARGE");
    assertThat(lines).contains("终端 Kiosk: " + demo.engine().view().data().get("kioskId"));
    assertThat(lines)
        .anySatisfy(
            l -> assertThat(l).matches("时间 Time: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
    assertThat(lines).contains("卡号 Card: " + CardSnapshot.mask(card));
    assertThat(lines)
        .contains("充值 Loaded: " + Volume.centiM3(d.path("loaded").asLong()).toM3String() + " m3");
    assertThat(lines)
        .contains("金额 Money: " + Money.fen(d.path("money").asLong()).toYuanString() + " CNY");
    assertThat(lines).contains("现金 Cash: 100.00 CNY");
    assertThat(lines)
        .contains(
            "余额 Balance: " + Volume.centiM3(d.path("newBalance").asLong()).toM3String() + " m3");
    assertThat(lines).contains("参考号 Ref: " + reference);
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("气量 Volume: ").endsWith(" m3"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  第1阶梯 Tier 1: "));
    assertThat(lines)
        .as("240 m3 used this cycle: this purchase crosses into tier 2")
        .anySatisfy(l -> assertThat(l).startsWith("  第2阶梯 Tier 2: "));
    assertThat(receipt.path("qrCodes").toString()).contains(reference);
    assertThat(receipt.path("notes").size()).as("the decoder understood every byte").isZero();

    // A pending credit: the card leaves after a note went in.
    post(simUri("/sim/card/remove"), "", null, -1);
    awaitScreen("idle");
    startCash(MONEY_CARD, 2000);
    insertNote(2000);
    post(simUri("/sim/card/remove"), "", null, -1);
    JsonNode pending = awaitScreen("pending");
    JsonNode slip = lastReceipt();
    assertThat(slip.path("lines").get(0).asText())
        .isEqualTo("待充值凭条 PAYMENT RECEIVED - NOT YET LOADED");
    assertThat(slip.path("lines").toString())
        .contains("已付 Paid: 20.00 CNY")
        .contains("参考号 Ref: " + pending.path("data").path("reference").asText());
  }

  @Test
  void the_purchase_screens_warn_before_payment_when_the_printer_has_no_paper() throws Exception {
    post(simUri("/sim/printer"), "{\"paper\":\"out\"}", null, -1);
    try {
      post(simUri("/sim/cards/" + MONEY_CARD + "/insert"), "", null, -1);
      awaitScreen("account");
      JsonNode amount = post(kioskUri("/api/actions/start-purchase"), "", null, 200);
      assertThat(amount.path("data").path("receiptAvailable").asBoolean()).isFalse();
      assertThat(amount.path("data").path("receiptWarning").asText()).contains("No receipt");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  demo.fleet().faults().open().stream()
                      .anyMatch(f -> f.device().equals("printer") && f.code().equals("paper-out")));
      post(kioskUri("/api/actions/cancel"), "", null, 200);
    } finally {
      post(simUri("/sim/printer"), "{\"paper\":\"ok\"}", null, -1);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                demo.fleet().faults().open().stream().noneMatch(f -> f.device().equals("printer")));
  }

  @Test
  void a_day_of_purchases_with_pending_credits_settles_to_the_fen_against_the_central_ledger()
      throws Exception {
    buyWithCash(MONEY_CARD, 3000, 2000, 1000);
    post(simUri("/sim/card/remove"), "", null, -1);
    awaitScreen("idle");
    buyWithCash("3100000000000002", 10000, 5000, 5000);
    post(simUri("/sim/card/remove"), "", null, -1);
    awaitScreen("idle");
    // One purchase paid by the resident's payment code: the settlement's QR figures must match too.
    post(simUri("/sim/cards/" + MONEY_CARD + "/insert"), "", null, -1);
    awaitScreen("account");
    post(kioskUri("/api/actions/start-purchase"), "", null, 200);
    post(kioskUri("/api/actions/set-amount"), "{\"amount\":1500}", null, 200);
    post(kioskUri("/api/actions/choose-payment"), "{\"method\":\"qr-scan\"}", null, 200);
    post(simUri("/sim/qr/scan"), "{\"code\":\"283456789012345678\"}", null, 200);
    awaitScreen("done");
    post(simUri("/sim/card/remove"), "", null, -1);
    awaitScreen("idle");
    for (int i = 0; i < 2; i++) { // two pending credits, each loaded when the card comes back
      startCash(MONEY_CARD, 5000);
      insertNote(2000);
      insertNote(1000);
      post(simUri("/sim/card/remove"), "", null, -1);
      awaitScreen("pending");
      post(simUri("/sim/cards/" + MONEY_CARD + "/insert"), "", null, -1);
      JsonNode account = awaitScreen("account");
      assertThat(account.path("data").path("recovered").size()).isEqualTo(1);
      post(simUri("/sim/card/remove"), "", null, -1);
      awaitScreen("idle");
    }
    // The kiosk's outbox reaches the central before the day closes, as it would by midnight.
    await().atMost(Duration.ofSeconds(20)).until(() -> demo.journal().outbox().depth() == 0);

    ZoneId zone = Clock.systemDefaultZone().getZone();
    Instant closeAt = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    LocalDateTime local = LocalDateTime.ofInstant(closeAt, zone);
    LocalDate day = local.toLocalDate();
    DailySettlement settlement =
        new DailySettlement(
            new DailySettlement.Config(
                (String) demo.engine().view().data().get("kioskId"), local.toLocalTime(), zone),
            Clock.systemDefaultZone(),
            new DayBook(demo.journal()),
            demo.fleet().faults()::open);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !Instant.now().isBefore(closeAt));
    Map<String, Object> report = settlement.close(day).orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> credits = (Map<String, Object>) report.get("pendingCredits");
    assertThat(((Map<?, ?>) credits.get("opened")).get("count")).isInstanceOf(Long.class);
    assertThat((Long) ((Map<?, ?>) credits.get("opened")).get("count")).isGreaterThanOrEqualTo(2);

    JsonNode reconciled =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> settlementOf(day.toString()), r -> r != null);
    assertThat(reconciled.path("differences").size()).as(reconciled.toString()).isZero();
    assertThat(reconciled.path("matches").asBoolean()).isTrue();
    JsonNode kiosk = reconciled.path("kiosk");
    assertThat(kiosk.path("transactions.completed.count").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(kiosk.path("pendingCredits.opened.count").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(kiosk.path("pendingCredits.opened.money").asLong()).isGreaterThanOrEqualTo(6000);
    assertThat(kiosk.path("cash.total").asLong())
        .isEqualTo(reconciled.path("central").path("cash.total").asLong());
    assertThat(kiosk.path("qr.count").asLong()).isEqualTo(1);
    assertThat(kiosk.path("qr.money").asLong()).isEqualTo(1500);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static JsonNode settlementOf(String day) throws Exception {
    for (JsonNode s : get(simUri("/sim/central/settlements"), null)) {
      if (s.path("businessDay").asText().equals(day)) {
        return s;
      }
    }
    return null;
  }

  private static JsonNode buyWithCash(String card, long amount, long... notes) throws Exception {
    startCash(card, amount);
    for (long n : notes) {
      insertNote(n);
    }
    JsonNode done = post(kioskUri("/api/actions/finish-cash"), "", null, 200);
    assertThat(done.path("screen").asText()).as(done.toString()).isEqualTo("done");
    return done;
  }

  private static void startCash(String card, long amount) throws Exception {
    post(simUri("/sim/cards/" + card + "/insert"), "", null, -1);
    awaitScreen("account");
    post(kioskUri("/api/actions/start-purchase"), "", null, 200);
    post(kioskUri("/api/actions/set-amount"), "{\"amount\":" + amount + "}", null, 200);
    post(kioskUri("/api/actions/choose-payment"), "{\"method\":\"cash\"}", null, 200);
  }

  private static void insertNote(long value) throws Exception {
    JsonNode r = post(simUri("/sim/banknotes"), "{\"value\":" + value + "}", null, -1);
    assertThat(r.path("outcome").asText()).isEqualTo("stacked");
  }

  private static String pin() throws IOException {
    return Files.readString(data.resolve(Keepers.PIN_FILE)).strip();
  }

  private static JsonNode gpio() throws Exception {
    return get(simUri("/sim/gpio"), null);
  }

  private static JsonNode lastReceipt() throws Exception {
    JsonNode all = get(simUri("/sim/receipts"), null);
    return all.get(all.size() - 1);
  }

  private static List<String> centralEventTypes() {
    LedgerSnapshot l = demo.central().ledger();
    return l.events().values().stream().map(LedgerSnapshot.EventEntry::type).toList();
  }

  private static void awaitCentralEvent(String type) {
    await().atMost(Duration.ofSeconds(20)).until(() -> centralEventTypes().contains(type));
  }

  private static JsonNode awaitScreen(String screen) throws Exception {
    await()
        .atMost(Duration.ofSeconds(45))
        .until(() -> get(kioskUri("/api/state"), null).path("screen").asText().equals(screen));
    return get(kioskUri("/api/state"), null);
  }

  private static URI maintenance(String action) {
    return kioskUri("/api/maintenance/" + action);
  }

  private static URI kioskUri(String path) {
    return URI.create("http://127.0.0.1:" + demo.kioskPort() + path);
  }

  private static URI simUri(String path) {
    return URI.create("http://127.0.0.1:" + demo.simPort() + path);
  }

  private static JsonNode get(URI uri, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
    if (token != null) {
      b.header("X-Visit-Token", token);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s -> %s", uri, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode post(URI uri, String body, String token, int expected) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("X-Visit-Token", token);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (expected > 0) {
      assertThat(r.statusCode()).as("%s %s -> %s", uri, body, r.body()).isEqualTo(expected);
    } else {
      assertThat(r.statusCode()).as("%s %s -> %s", uri, body, r.body()).isLessThan(300);
    }
    return JSON.readTree(r.body());
  }
}
