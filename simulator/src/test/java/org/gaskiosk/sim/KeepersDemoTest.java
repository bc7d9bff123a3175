package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kiosk body and its keepers through a whole demo and its HTTP APIs: the GPIO on Pi4J mocks,
 * the ESC/POS printer decoded by the simulated printer, maintenance visits, and the daily
 * settlement reconciled by the central simulator.
 */
class KeepersDemoTest {
  private static final String MONEY_CARD = "3100000000000001";

  /**
   * The settlement test closes its own business day, ending two seconds after its purchases. The
   * demo's own keeper closes days too (23:30 by default), and a day closes once: run between 23:30
   * and midnight, the keeper had closed the test's day first (a CI run failed so). With the keeper
   * at the last instant of the day, the day it has due is always yesterday's.
   */
  @RegisterExtension
  static final DemoDriver demo =
      new DemoDriver("--settle-at", LocalTime.MAX.toString())
          .takingTheCardOutAfterEach()
          .screenWait(Duration.ofSeconds(45));

  // ---- the scenarios ------------------------------------------------------------------------

  @Test
  void a_whole_maintenance_visit_collects_the_cash_with_its_counters_and_event_and_ends_in_service()
      throws Exception {
    buyWithCash(MONEY_CARD, 5000, 2000, 2000, 1000);
    demo.sim("/sim/card/remove", "");
    demo.awaitScreen("idle");
    assertThat(demo.get(demo.kioskUri("/api/maintenance/state")).path("visitActive").asBoolean())
        .isFalse();

    JsonNode wrong =
        demo.send(
            "POST", maintenance("login"), "{\"staffId\":\"demo\",\"pin\":\"00000x\"}", null, 401);
    assertThat(wrong.path("error").asText()).isEqualTo("wrong-pin");
    String token = login();

    demo.awaitScreen("out-of-service");
    await().atMost(Duration.ofSeconds(10)).until(() -> gpio().path("redLed").asBoolean());
    assertThat(gpio().path("greenLed").asBoolean()).isFalse();
    JsonNode box =
        demo.send("GET", demo.kioskUri("/api/maintenance/state"), "", token, 200).path("cashBox");
    assertThat(box.path("sinceCollection").path("2000").asLong()).isGreaterThanOrEqualTo(2);
    long inBox = box.path("total").asLong();
    assertThat(inBox).isGreaterThanOrEqualTo(5000);

    JsonNode collected = demo.send("POST", maintenance("collect-cash"), "", token, 200);
    assertThat(collected.path("total").asLong()).isEqualTo(inBox);
    assertThat(collected.path("receipt").asText()).isEqualTo("printed");
    assertThat(
            demo.send("GET", demo.kioskUri("/api/maintenance/state"), "", token, 200)
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

    JsonNode out = demo.send("POST", maintenance("logout"), "", token, 200);
    assertThat(out.path("mode").asText()).isEqualTo("in-service");
    demo.awaitScreen("idle");
    await().atMost(Duration.ofSeconds(10)).until(() -> gpio().path("greenLed").asBoolean());
    assertThat(gpio().path("redLed").asBoolean()).isFalse();
    awaitCentralEvent("maintenance.logout");
    assertThat(centralEventTypes())
        .contains("maintenance.login-failed", "maintenance.login", "cash.collected");
    demo.send(
        "POST",
        maintenance("collect-cash"),
        "",
        token,
        401); // the visit is over: its token is void
  }

  @Test
  void the_door_opened_without_a_visit_takes_the_kiosk_out_of_service_and_raises_the_alarm()
      throws Exception {
    demo.sim("/sim/door", "{\"open\":true}");

    demo.awaitScreen("out-of-service");
    await().atMost(Duration.ofSeconds(10)).until(() -> gpio().path("buzzer").asBoolean());
    assertThat(gpio().path("redLed").asBoolean()).isTrue();
    assertThat(demo.fleet().faults().open())
        .anySatisfy(f -> assertThat(f.code()).isEqualTo("cash-box-door-opened"));
    awaitCentralEvent("fault.raised");

    demo.sim("/sim/door", "{\"open\":false}");
    String token = login();
    assertThat(gpio().path("buzzer").asBoolean()).isFalse();
    demo.send("POST", maintenance("logout"), "", token, 200);
    demo.awaitScreen("idle");
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
    demo.sim("/sim/card/remove", "");
    demo.awaitScreen("idle");
    demo.startCash(MONEY_CARD, 2000);
    insertNote(2000);
    demo.sim("/sim/card/remove", "");
    JsonNode pending = demo.awaitScreen("pending");
    JsonNode slip = lastReceipt();
    assertThat(slip.path("lines").get(0).asText())
        .isEqualTo("待充值凭条 PAYMENT RECEIVED - NOT YET LOADED");
    assertThat(slip.path("lines").toString())
        .contains("已付 Paid: 20.00 CNY")
        .contains("参考号 Ref: " + pending.path("data").path("reference").asText());
  }

  @Test
  void the_purchase_screens_warn_before_payment_when_the_printer_has_no_paper() throws Exception {
    demo.sim("/sim/printer", "{\"paper\":\"out\"}");
    try {
      demo.sim("/sim/cards/" + MONEY_CARD + "/insert", "");
      demo.awaitScreen("account");
      JsonNode amount = demo.kiosk("start-purchase", "");
      assertThat(amount.path("data").path("receiptAvailable").asBoolean()).isFalse();
      assertThat(amount.path("data").path("receiptWarning").asText()).contains("No receipt");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  demo.fleet().faults().open().stream()
                      .anyMatch(f -> f.device().equals("printer") && f.code().equals("paper-out")));
      demo.kiosk("cancel", "");
    } finally {
      demo.sim("/sim/printer", "{\"paper\":\"ok\"}");
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
    demo.sim("/sim/card/remove", "");
    demo.awaitScreen("idle");
    buyWithCash("3100000000000002", 10000, 5000, 5000);
    demo.sim("/sim/card/remove", "");
    demo.awaitScreen("idle");
    // One purchase paid by the resident's payment code: the settlement's QR figures must match too.
    demo.sim("/sim/cards/" + MONEY_CARD + "/insert", "");
    demo.awaitScreen("account");
    demo.kiosk("start-purchase", "");
    demo.kiosk("set-amount", "{\"amount\":1500}");
    demo.kiosk("choose-payment", "{\"method\":\"qr-scan\"}");
    demo.sim("/sim/qr/scan", "{\"code\":\"283456789012345678\"}", 200);
    demo.awaitScreen("done");
    demo.sim("/sim/card/remove", "");
    demo.awaitScreen("idle");
    for (int i = 0; i < 2; i++) { // two pending credits, each loaded when the card comes back
      demo.startCash(MONEY_CARD, 5000);
      insertNote(2000);
      insertNote(1000);
      demo.sim("/sim/card/remove", "");
      demo.awaitScreen("pending");
      demo.sim("/sim/cards/" + MONEY_CARD + "/insert", "");
      JsonNode account = demo.awaitScreen("account");
      assertThat(account.path("data").path("recovered").size()).isEqualTo(1);
      demo.sim("/sim/card/remove", "");
      demo.awaitScreen("idle");
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
    for (JsonNode s : demo.get(demo.simUri("/sim/central/settlements"))) {
      if (s.path("businessDay").asText().equals(day)) {
        return s;
      }
    }
    return null;
  }

  private static JsonNode buyWithCash(String card, long amount, long... notes) throws Exception {
    demo.startCash(card, amount);
    for (long n : notes) {
      insertNote(n);
    }
    JsonNode done = demo.kiosk("finish-cash", "");
    assertThat(done.path("screen").asText()).as(done.toString()).isEqualTo("done");
    return done;
  }

  private static void insertNote(long value) throws Exception {
    JsonNode r = demo.sim("/sim/banknotes", "{\"value\":" + value + "}");
    assertThat(r.path("outcome").asText()).isEqualTo("stacked");
  }

  /** Logs in as the demo's staff with the right PIN; returns the visit's token. */
  private static String login() throws Exception {
    return demo.send(
            "POST",
            maintenance("login"),
            "{\"staffId\":\"demo\",\"pin\":\"" + pin() + "\"}",
            null,
            200)
        .path("token")
        .asText();
  }

  private static String pin() throws IOException {
    return Files.readString(demo.data().resolve(Keepers.PIN_FILE)).strip();
  }

  private static JsonNode gpio() throws Exception {
    return demo.get(demo.simUri("/sim/gpio"));
  }

  private static JsonNode lastReceipt() throws Exception {
    JsonNode all = demo.get(demo.simUri("/sim/receipts"));
    return all.get(all.size() - 1);
  }

  private static List<String> centralEventTypes() {
    LedgerSnapshot l = demo.central().ledger();
    return l.events().values().stream().map(LedgerSnapshot.EventEntry::type).toList();
  }

  private static void awaitCentralEvent(String type) {
    await().atMost(Duration.ofSeconds(20)).until(() -> centralEventTypes().contains(type));
  }

  private static URI maintenance(String action) {
    return demo.kioskUri("/api/maintenance/" + action);
  }
}
