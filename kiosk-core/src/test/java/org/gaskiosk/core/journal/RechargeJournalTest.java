package org.gaskiosk.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same journal behaviour over an H2 file (with fsync) and H2 in memory. */
class RechargeJournalTest {
  private static final CardSnapshot CARD =
      new CardSnapshot("3100000000000001", CardFamily.PURSE, CardUnit.FEN, 1200, MeterRecord.NONE);

  @TempDir static Path dir;
  private JournalDatabase db;

  static Stream<Function<String, JournalDatabase>> databases() {
    return Stream.of(
        name -> JournalDatabase.openFile(dir.resolve(name), true), JournalDatabase::openInMemory);
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private RechargeJournal journal(Function<String, JournalDatabase> open) {
    db = open.apply("j" + UUID.randomUUID());
    return new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_recharge_moves_through_its_states_and_each_transition_adds_its_events(
      Function<String, JournalDatabase> open) {
    RechargeJournal journal = journal(open);
    Txn t = journal.create(TxnKind.PURCHASE, CARD, "001122334455", List.of());
    assertThat(t.state()).isEqualTo(TxnState.CREATED);
    assertThat(t.reference()).startsWith("R").hasSize(11);

    journal.apply(t.txnId(), Change.to(TxnState.QUOTED).set("amount", 5000L).set("money", 5000L));
    assertThat(journal.creditBanknote(t.txnId(), "n1", 2000)).isTrue();
    assertThat(journal.creditBanknote(t.txnId(), "n2", 3000)).isTrue();
    Txn paid =
        journal.apply(
            t.txnId(), Change.to(TxnState.PAID).event("txn.paid", Map.of("txnId", t.txnId())));

    assertThat(paid.state()).isEqualTo(TxnState.PAID);
    assertThat(paid.paid()).isEqualTo(5000);
    assertThat(paid.transitions()).isEqualTo(5);
    assertThat(journal.outbox().after(0, 10))
        .extracting(OutboxEvent::type)
        .containsExactly("cash.accepted", "cash.accepted", "txn.paid");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_repeated_vend_valid_for_the_same_note_credits_nothing(
      Function<String, JournalDatabase> open) {
    RechargeJournal journal = journal(open);
    Txn t = journal.create(TxnKind.PURCHASE, CARD, "001122334455", List.of());
    journal.apply(t.txnId(), Change.to(TxnState.QUOTED));

    assertThat(journal.creditBanknote(t.txnId(), "note-7", 1000)).isTrue();
    assertThat(journal.creditBanknote(t.txnId(), "note-7", 1000)).isFalse();

    assertThat(journal.find(t.txnId()).orElseThrow().paid()).isEqualTo(1000);
    assertThat(journal.outbox().depth()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_transition_the_state_machine_forbids_is_refused_and_changes_nothing(
      Function<String, JournalDatabase> open) {
    RechargeJournal journal = journal(open);
    Txn t = journal.create(TxnKind.PURCHASE, CARD, "001122334455", List.of());

    assertThatThrownBy(
            () -> journal.apply(t.txnId(), Change.to(TxnState.WRITING).event("x", Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CREATED");
    assertThat(journal.find(t.txnId()).orElseThrow().state()).isEqualTo(TxnState.CREATED);
    assertThat(journal.outbox().depth()).isZero();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void outbox_rows_leave_only_when_acknowledged(Function<String, JournalDatabase> open) {
    RechargeJournal journal = journal(open);
    journal.record(
        List.of(
            new PendingEvent("a", Map.of()),
            new PendingEvent("b", Map.of()),
            new PendingEvent("c", Map.of())));
    List<OutboxEvent> events = journal.outbox().after(0, 10);
    assertThat(events).extracting(OutboxEvent::seq).isSorted().doesNotHaveDuplicates();

    journal.outbox().acknowledgeUpTo(events.get(1).seq());

    assertThat(journal.outbox().after(0, 10)).extracting(OutboxEvent::type).containsExactly("c");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void a_crash_before_commit_leaves_the_previous_state(Function<String, JournalDatabase> open) {
    db = open.apply("j" + UUID.randomUUID());
    RechargeJournal healthy = new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);
    Txn t = healthy.create(TxnKind.PURCHASE, CARD, "001122334455", List.of());
    RechargeJournal crashing =
        new RechargeJournal(
            db,
            Clock.systemUTC(),
            point -> {
              if (point.equals("before-commit:QUOTED")) {
                throw new PowerCut();
              }
            });

    assertThatThrownBy(
            () ->
                crashing.apply(t.txnId(), Change.to(TxnState.QUOTED).event("txn.quoted", Map.of())))
        .isInstanceOf(PowerCut.class);

    assertThat(healthy.find(t.txnId()).orElseThrow().state()).isEqualTo(TxnState.CREATED);
    assertThat(healthy.outbox().depth()).isZero();
  }

  private static final class PowerCut extends Error {}
}
