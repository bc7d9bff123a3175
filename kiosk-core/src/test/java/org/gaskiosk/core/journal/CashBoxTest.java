package org.gaskiosk.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CashBoxTest {
  private static final CardSnapshot CARD =
      new CardSnapshot("3100000000000001", CardFamily.PURSE, CardUnit.FEN, 1200, MeterRecord.NONE);

  @TempDir Path dir;

  @Test
  void each_credited_note_is_counted_by_denomination_and_a_collection_resets_the_box_only() {
    try (JournalDatabase db = JournalDatabase.openFile(dir, true)) {
      RechargeJournal journal = new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);
      CashBox box = new CashBox(journal);
      Txn t = journal.create(TxnKind.PURCHASE, CARD, "001122334455", List.of());
      journal.apply(t.txnId(), Change.to(TxnState.QUOTED));
      journal.creditBanknote(t.txnId(), "n1", 10_000);
      journal.creditBanknote(t.txnId(), "n2", 2_000);
      journal.creditBanknote(t.txnId(), "n3", 10_000);
      journal.creditBanknote(t.txnId(), "n3", 10_000); // repeated VEND VALID: not counted again

      assertThat(box.counters().sinceCollection()).isEqualTo(Map.of(2_000L, 1L, 10_000L, 2L));
      assertThat(box.counters().boxTotal()).isEqualTo(22_000);

      CashBox.Collection col = box.collect("visit-1", "staff-7");
      assertThat(col.counts()).isEqualTo(Map.of(2_000L, 1L, 10_000L, 2L));
      assertThat(col.total()).isEqualTo(22_000);
      assertThat(col.notes()).isEqualTo(3);
      assertThat(box.counters().sinceCollection()).isEmpty();
      assertThat(box.counters().sinceInstall()).isEqualTo(Map.of(2_000L, 1L, 10_000L, 2L));

      journal.creditBanknote(t.txnId(), "n4", 5_000);
      assertThat(box.counters().sinceCollection()).isEqualTo(Map.of(5_000L, 1L));
      assertThat(box.counters().sinceInstall()).containsEntry(5_000L, 1L).hasSize(3);

      List<OutboxEvent> events = journal.outbox().after(0, 100);
      OutboxEvent collected =
          events.stream().filter(e -> e.type().equals("cash.collected")).findFirst().orElseThrow();
      assertThat(collected.bodyJson())
          .contains("\"counts\":{\"2000\":1,\"10000\":2}")
          .contains("\"total\":22000")
          .contains("\"staffId\":\"staff-7\"");
    }
  }

  @Test
  void a_power_cut_before_the_credit_commits_leaves_neither_the_note_nor_its_count() {
    try (JournalDatabase db = JournalDatabase.openFile(dir, true)) {
      RechargeJournal healthy = new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);
      Txn t = healthy.create(TxnKind.PURCHASE, CARD, "001122334455", List.of());
      healthy.apply(t.txnId(), Change.to(TxnState.QUOTED));
      RechargeJournal dying =
          new RechargeJournal(
              db,
              Clock.systemUTC(),
              point -> {
                if (point.equals("before-commit:PAYING")) {
                  throw new PowerCut();
                }
              });
      assertThatThrownBy(() -> dying.creditBanknote(t.txnId(), "n1", 10_000))
          .isInstanceOf(PowerCut.class);

      assertThat(healthy.noteCredited("n1")).isFalse();
      assertThat(new CashBox(healthy).counters().sinceInstall()).isEmpty();
      assertThat(healthy.creditBanknote(t.txnId(), "n1", 10_000)).isTrue();
      assertThat(new CashBox(healthy).counters().sinceCollection()).isEqualTo(Map.of(10_000L, 1L));
    }
  }

  private static final class PowerCut extends Error {}
}
