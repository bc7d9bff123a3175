package org.gaskiosk.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gaskiosk.core.fleet.KioskMode.Kind;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.OutboxEvent;
import org.gaskiosk.core.journal.RechargeJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-14T07:00:00Z"), ZoneOffset.UTC);
  private static final Set<String> REQUIRED = Set.of("card-reader", "bill-acceptor");

  @TempDir Path dir;
  private final RecordedEvents journal = new RecordedEvents();
  private final List<KioskMode> modes = new ArrayList<>();

  private Faults faults() {
    Faults f = new Faults(journal, dir.resolve("fleet-state.json"), CLOCK, REQUIRED);
    f.onModeChange(modes::add);
    return f;
  }

  @Test
  void raises_a_fault_once_and_clears_it_once_with_one_event_each() {
    Faults faults = faults();

    assertThat(faults.raise("printer", "paper-out", Severity.WARNING, "No paper")).isTrue();
    assertThat(faults.raise("printer", "paper-out", Severity.WARNING, "No paper")).isFalse();
    assertThat(faults.clear("printer", "paper-out")).isTrue();
    assertThat(faults.clear("printer", "paper-out")).isFalse();

    assertThat(journal.types()).containsExactly("fault.raised", "fault.cleared");
    var raised = journal.last("fault.raised").body();
    var cleared = journal.last("fault.cleared").body();
    assertThat(raised)
        .containsEntry("device", "printer")
        .containsEntry("code", "paper-out")
        .containsEntry("severity", "warning")
        .containsEntry("text", "No paper")
        .containsEntry("raisedAt", "2026-03-14T07:00:00Z");
    assertThat(cleared.get("faultId")).isEqualTo(raised.get("faultId"));
    assertThat(cleared).containsEntry("clearedAt", "2026-03-14T07:00:00Z");
    assertThat(modes).as("a warning on an optional device changes nothing").isEmpty();
  }

  @Test
  void a_critical_fault_on_a_required_device_takes_the_kiosk_out_of_service_until_cleared() {
    Faults faults = faults();

    faults.raise("bill-acceptor", "jammed", Severity.CRITICAL, "Banknote jammed in the path");
    faults.raise("printer", "offline", Severity.CRITICAL, "Printer does not answer");

    assertThat(faults.mode().kind()).isEqualTo(Kind.OUT_OF_SERVICE);
    assertThat(faults.mode().reason()).contains("bill-acceptor jammed").doesNotContain("printer");
    assertThat(journal.types()).containsExactly("fault.raised", "mode.changed", "fault.raised");
    assertThat(journal.last("mode.changed").body())
        .containsEntry("mode", "out-of-service")
        .containsEntry("previous", "in-service");

    faults.clear("bill-acceptor", "jammed");
    assertThat(faults.mode()).isEqualTo(KioskMode.IN_SERVICE);
    assertThat(modes)
        .extracting(KioskMode::kind)
        .containsExactly(Kind.OUT_OF_SERVICE, Kind.IN_SERVICE);
  }

  @Test
  void a_warning_on_a_required_device_keeps_the_kiosk_in_service() {
    Faults faults = faults();
    faults.raise("bill-acceptor", "cashbox-nearly-full", Severity.WARNING, "Cash box 90% full");
    assertThat(faults.mode().serving()).isTrue();
  }

  @Test
  void a_lock_outranks_maintenance_which_outranks_faults() {
    Faults faults = faults();
    faults.raise("card-reader", "no-reader", Severity.CRITICAL, "Card reader unplugged");
    faults.maintenance("technician 7");
    assertThat(faults.mode().kind()).isEqualTo(Kind.MAINTENANCE);
    faults.lock("suspected tampering");
    assertThat(faults.mode()).isEqualTo(new KioskMode(Kind.LOCKED, "suspected tampering"));

    faults.unlock();
    faults.maintenance(null);
    assertThat(faults.mode().kind()).isEqualTo(Kind.OUT_OF_SERVICE);
    assertThat(modes)
        .extracting(KioskMode::kind)
        .containsExactly(
            Kind.OUT_OF_SERVICE,
            Kind.MAINTENANCE,
            Kind.LOCKED,
            Kind.MAINTENANCE,
            Kind.OUT_OF_SERVICE);
  }

  @Test
  void open_faults_and_the_lock_survive_a_restart_and_what_went_away_meanwhile_is_cleared_once() {
    Faults before = faults();
    before.raise("bill-acceptor", "jammed", Severity.CRITICAL, "Jammed");
    before.raise("bill-acceptor", "cashbox-full", Severity.WARNING, "Full");
    before.lock("stolen cash box");
    int eventsBefore = journal.events.size();

    Faults after = faults();
    assertThat(after.mode().kind()).isEqualTo(Kind.LOCKED);
    assertThat(after.open()).extracting(Fault::code).containsExactly("jammed", "cashbox-full");
    after.reconcile(
        "bill-acceptor", List.of(new Faults.Reported("cashbox-full", Severity.WARNING, "Full")));

    assertThat(journal.types().subList(eventsBefore, journal.events.size()))
        .containsExactly("fault.cleared");
    assertThat(journal.last("fault.cleared").body()).containsEntry("code", "jammed");
    assertThat(after.open()).extracting(Fault::code).containsExactly("cashbox-full");
  }

  @Test
  void a_journal_that_cannot_record_leaves_the_fault_unraised_so_it_is_raised_again_later() {
    Faults faults = faults();
    journal.failing = true;
    assertThatThrownBy(() -> faults.raise("card-reader", "no-reader", Severity.CRITICAL, "gone"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(faults.open()).isEmpty();
    assertThat(faults.mode().serving()).isTrue();

    journal.failing = false;
    assertThat(faults.raise("card-reader", "no-reader", Severity.CRITICAL, "gone")).isTrue();
  }

  @Test
  void fault_events_reach_the_outbox_through_the_recharge_journal() {
    try (JournalDatabase db = JournalDatabase.openInMemory("faults-" + System.nanoTime())) {
      RechargeJournal rj = new RechargeJournal(db, CLOCK, CrashPoint.NONE);
      Faults faults = new Faults(rj::record, dir.resolve("state.json"), CLOCK, REQUIRED);

      faults.raise("card-reader", "no-reader", Severity.CRITICAL, "Card reader unplugged");

      List<OutboxEvent> rows = rj.outbox().after(0, 10);
      assertThat(rows)
          .extracting(OutboxEvent::type)
          .containsExactly("fault.raised", "mode.changed");
      assertThat(rows.get(0).bodyJson()).contains("\"device\":\"card-reader\"");
    }
  }
}
