package org.gaskiosk.core.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.fleet.Faults;
import org.gaskiosk.core.fleet.KioskMode;
import org.gaskiosk.core.fleet.Severity;
import org.gaskiosk.core.journal.CashBox;
import org.gaskiosk.core.journal.Change;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.DayBook;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.OutboxEvent;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnKind;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.port.BodySwitches.Switch;
import org.gaskiosk.core.settlement.DailySettlement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceDeskTest {
  private static final String PIN = "246810";
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-11-27T02:00:00Z"), SHANGHAI);
  private JournalDatabase db;
  private RechargeJournal journal;
  private Faults faults;
  private final KeeperFakes.Printer printer = new KeeperFakes.Printer();
  private final KeeperFakes.Switches switches = new KeeperFakes.Switches();
  private final KeeperFakes.Lights lights = new KeeperFakes.Lights();
  private BodyWatch body;
  private MaintenanceDesk desk;
  private DailySettlement settlement;
  private final SecureRandom random = new SecureRandom();

  @BeforeEach
  void kiosk() {
    db = JournalDatabase.openInMemory("m" + UUID.randomUUID());
    journal = new RechargeJournal(db, clock, CrashPoint.NONE);
    faults =
        new Faults(
            journal::record,
            dir.resolve("fleet-state.json"),
            clock,
            Set.of("card-reader", "bill-acceptor", "cabinet"));
    body = new BodyWatch(switches, faults, lights, journal::record).start();
    desk = desk();
  }

  private MaintenanceDesk desk() {
    StaffPins pins =
        StaffPins.of(Map.of("alice", StaffPins.hash(PIN.toCharArray(), random, 10_000)));
    settlement =
        new DailySettlement(
            new DailySettlement.Config("K1", LocalTime.of(23, 0), SHANGHAI),
            clock,
            new DayBook(journal),
            faults::open);
    return new MaintenanceDesk(
        new MaintenanceDesk.Config("K1", 3, Duration.ofMinutes(15), dir.resolve("lockout.json")),
        clock,
        new MaintenanceDesk.Parts(
            pins,
            faults,
            journal::record,
            new CashBox(journal),
            printer,
            Map.of(
                "printer",
                () -> DeviceCheck.Result.ok("ready"),
                "bill-acceptor",
                () -> DeviceCheck.Result.failed("no answer")),
            body,
            settlement),
        random);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private String login() {
    MaintenanceOutcome o = desk.act("login", null, Map.of("staffId", "alice", "pin", PIN));
    assertThat(o).isInstanceOf(MaintenanceOutcome.Done.class);
    return (String) ((MaintenanceOutcome.Done) o).result().get("token");
  }

  private List<String> eventTypes() {
    return journal.outbox().after(0, 1000).stream().map(OutboxEvent::type).toList();
  }

  private static int status(MaintenanceOutcome o) {
    return o instanceof MaintenanceOutcome.Rejected r ? r.status() : 200;
  }

  @Test
  void repeated_wrong_pins_lock_logins_out_for_the_lockout_period_even_across_a_restart() {
    Map<String, Object> wrong = Map.of("staffId", "alice", "pin", "111111");
    assertThat(status(desk.act("login", null, wrong))).isEqualTo(401);
    assertThat(status(desk.act("login", null, wrong))).isEqualTo(401);
    assertThat(status(desk.act("login", null, wrong))).isEqualTo(423);

    desk = desk(); // a restart keeps the lockout
    assertThat(status(desk.act("login", null, Map.of("staffId", "alice", "pin", PIN))))
        .isEqualTo(423);
    assertThat(desk.state(null)).containsEntry("visitActive", false);
    assertThat(faults.mode()).isEqualTo(KioskMode.IN_SERVICE);

    clock.advance(Duration.ofMinutes(16));
    login();
    assertThat(faults.mode().kind()).isEqualTo(KioskMode.Kind.MAINTENANCE);
    assertThat(eventTypes())
        .containsSubsequence(
            "maintenance.login-failed",
            "maintenance.login-failed",
            "maintenance.login-failed",
            "maintenance.login-failed",
            "maintenance.login");
    assertThat(journal.outbox().after(0, 1000).get(2).bodyJson()).contains("\"lockedUntil\":\"");
  }

  @Test
  void a_visit_collects_the_cash_box_resets_its_counters_prints_a_slip_and_ends_in_service() {
    CardSnapshot card =
        new CardSnapshot("3100000000000001", CardFamily.PURSE, CardUnit.FEN, 0, MeterRecord.NONE);
    Txn t = journal.create(TxnKind.PURCHASE, card, "001122334455", List.of());
    journal.apply(t.txnId(), Change.to(TxnState.QUOTED));
    journal.creditBanknote(t.txnId(), "n1", 10_000);
    journal.creditBanknote(t.txnId(), "n2", 10_000);
    journal.creditBanknote(t.txnId(), "n3", 5_000);

    String token = login();
    assertThat(desk.state(token)).extractingByKey("cashBox").asString().contains("total=25000");
    MaintenanceOutcome.Done collected =
        (MaintenanceOutcome.Done) desk.act("collect-cash", token, Map.of());

    assertThat(collected.result())
        .containsEntry("total", 25_000L)
        .containsEntry("notes", 3L)
        .containsEntry("counts", Map.of("5000", 1L, "10000", 2L))
        .containsEntry("receipt", "printed");
    assertThat(new CashBox(journal).counters().sinceCollection()).isEmpty();
    assertThat(printer.printed.get(0).lines())
        .contains(
            "现金收取凭条 CASH COLLECTION",
            "维护员 Staff: alice",
            "面额 50.00 元 x 1 = 50.00 CNY",
            "面额 100.00 元 x 2 = 200.00 CNY",
            "合计 Total: 250.00 CNY");

    MaintenanceOutcome.Done out = (MaintenanceOutcome.Done) desk.act("logout", token, Map.of());
    assertThat(out.result()).containsEntry("mode", "in-service");
    assertThat(faults.mode()).isEqualTo(KioskMode.IN_SERVICE);
    assertThat(eventTypes())
        .containsSubsequence("maintenance.login", "cash.collected", "maintenance.logout");
  }

  @Test
  void the_door_opened_without_a_visit_sounds_the_alarm_until_staff_log_in() {
    switches.set(Switch.CASH_BOX_DOOR, true);
    assertThat(lights.alarm).isTrue();
    assertThat(faults.mode().kind()).isEqualTo(KioskMode.Kind.OUT_OF_SERVICE);
    switches.set(Switch.CASH_BOX_DOOR, false);
    assertThat(lights.alarm).as("closing the door again does not end the alarm").isTrue();

    String token = login();
    assertThat(lights.alarm).isFalse();
    assertThat(faults.open()).noneMatch(f -> f.code().equals(BodyWatch.DOOR_ALARM));

    switches.set(Switch.CASH_BOX_DOOR, true); // during the visit: recorded, no alarm
    assertThat(lights.alarm).isFalse();
    assertThat(eventTypes()).contains("body.opened");
    assertThat(status(desk.act("logout", token, Map.of()))).isEqualTo(409);
    switches.set(Switch.CASH_BOX_DOOR, false);
    assertThat(status(desk.act("logout", token, Map.of()))).isEqualTo(200);
    assertThat(faults.mode()).isEqualTo(KioskMode.IN_SERVICE);
  }

  @Test
  void a_staff_hold_keeps_the_kiosk_out_of_service_after_the_visit_until_released() {
    String token = login();
    assertThat(status(desk.act("out-of-service", token, Map.of()))).isEqualTo(400);
    assertThat(status(desk.act("out-of-service", token, Map.of("reason", "acceptor noisy"))))
        .isEqualTo(200);
    desk.act("logout", token, Map.of());
    assertThat(faults.mode().kind()).isEqualTo(KioskMode.Kind.OUT_OF_SERVICE);

    String again = login();
    assertThat(status(desk.act("in-service", again, Map.of()))).isEqualTo(200);
    desk.act("logout", again, Map.of());
    assertThat(faults.mode()).isEqualTo(KioskMode.IN_SERVICE);
  }

  @Test
  void self_test_reports_every_device_and_paper_reload_clears_printer_faults_once_confirmed() {
    faults.raise("printer", "paper-out", Severity.CRITICAL, "paper out");
    String token = login();
    MaintenanceOutcome.Done test = (MaintenanceOutcome.Done) desk.act("self-test", token, Map.of());
    assertThat(test.result()).containsEntry("allOk", false);
    assertThat(test.result().get("results").toString())
        .contains("device=bill-acceptor, ok=false")
        .contains("device=printer, ok=true");
    assertThat(faults.open()).noneMatch(f -> f.device().equals("printer"));
    assertThat(status(desk.act("paper-reloaded", token, Map.of()))).isEqualTo(200);
    assertThat(eventTypes()).contains("maintenance.self-test", "maintenance.paper-reloaded");
  }

  @Test
  void the_daily_settlement_is_printed_on_request_during_a_visit() {
    String token = login();
    assertThat(status(desk.act("print-settlement", token, Map.of()))).isEqualTo(404);
    clock.advance(Duration.ofHours(24)); // past 23:00 in Shanghai: 2026-11-27 closes
    settlement.tick();
    assertThat(status(desk.act("print-settlement", token, Map.of("day", "27.11.2026"))))
        .isEqualTo(400);
    MaintenanceOutcome.Done printed =
        (MaintenanceOutcome.Done) desk.act("print-settlement", token, Map.of("day", "2026-11-27"));
    assertThat(printed.result()).containsEntry("receipt", "printed");
    assertThat(printer.printed.get(printer.printed.size() - 1).lines())
        .contains("日结报表 DAILY SETTLEMENT", "营业日 Day: 2026-11-27", "扫码 QR: 0 / 0.00 CNY");
  }

  @Test
  void actions_need_the_visit_token_and_bad_bodies_change_nothing() {
    assertThat(status(desk.act("collect-cash", null, Map.of()))).isEqualTo(401);
    String token = login();
    assertThat(status(desk.act("collect-cash", "bm9wZQ", Map.of()))).isEqualTo(401);
    assertThat(status(desk.act("collect-cash", token, Map.of("all", true)))).isEqualTo(400);
    assertThat(status(desk.act("explode", token, Map.of()))).isEqualTo(404);
    assertThat(eventTypes()).doesNotContain("cash.collected");
    assertThat(desk.state(null)).doesNotContainKey("cashBox");
    assertThat(desk.state(token)).containsKey("cashBox");

    String takenOver = login(); // the screen lost its token: a valid PIN takes the visit over
    assertThat(status(desk.act("collect-cash", token, Map.of()))).isEqualTo(401);
    assertThat(status(desk.act("collect-cash", takenOver, Map.of()))).isEqualTo(200);
  }

  @Test
  void a_visit_cut_by_a_restart_does_not_keep_the_kiosk_in_maintenance() {
    login();
    assertThat(faults.mode().kind()).isEqualTo(KioskMode.Kind.MAINTENANCE);
    desk = desk();
    assertThat(faults.mode()).isEqualTo(KioskMode.IN_SERVICE);
    assertThat(desk.state(null)).containsEntry("visitActive", false);
  }
}
