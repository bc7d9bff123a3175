package org.gaskiosk.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable-commit hook counts what is forced to the device: every journal write, and not the
 * deletion of acknowledged outbox rows, which is committed to the file but not forced (losing it
 * only sends events again).
 */
class DurableCommitCountTest {
  @TempDir Path dir;

  @Test
  void recording_events_is_one_durable_commit_and_an_ack_is_none_yet_stays_deleted()
      throws Exception {
    AtomicInteger durable = new AtomicInteger();
    long depthAfterAck;
    try (JournalDatabase db = JournalDatabase.openFile(dir, true)) {
      db.onDurableCommit(durable::incrementAndGet);
      RechargeJournal journal = new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);
      journal.record(
          List.of(
              new PendingEvent("fault.raised", Map.of("code", "a")),
              new PendingEvent("fault.raised", Map.of("code", "b"))));
      assertThat(durable).hasValue(1);

      List<OutboxEvent> events = journal.outbox().after(0, 10);
      journal.outbox().acknowledgeUpTo(events.get(0).seq());

      assertThat(durable).as("the ack is not forced to the device").hasValue(1);
      depthAfterAck = journal.outbox().depth();
      assertThat(depthAfterAck).isEqualTo(1);
    }
    try (JournalDatabase db = JournalDatabase.openFile(dir, true)) {
      RechargeJournal journal = new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);
      assertThat(journal.outbox().depth()).isEqualTo(depthAfterAck);
    }
  }

  @Test
  void a_journal_with_a_capped_cache_opens_and_refuses_a_cache_too_small_to_work() {
    try (JournalDatabase db = JournalDatabase.openFile(dir, true, 512)) {
      RechargeJournal journal = new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);
      journal.record(List.of(new PendingEvent("fault.raised", Map.of("code", "a"))));
      assertThat(journal.outbox().depth()).isEqualTo(1);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> JournalDatabase.openFile(dir, true, 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256");
  }
}
