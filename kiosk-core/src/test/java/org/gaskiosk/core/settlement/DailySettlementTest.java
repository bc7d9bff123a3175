package org.gaskiosk.core.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.journal.Change;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.DayBook;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.OutboxEvent;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnKind;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.maintenance.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DailySettlementTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final CardSnapshot CARD =
      new CardSnapshot("3100000000000001", CardFamily.PURSE, CardUnit.FEN, 0, MeterRecord.NONE);

  // 2026-11-27 22:00 in Shanghai: an hour before the day closes at 23:00.
  private final TestClock clock = new TestClock(Instant.parse("2026-11-27T14:00:00Z"), SHANGHAI);
  private final JournalDatabase db = JournalDatabase.openInMemory("s" + UUID.randomUUID());
  private final RechargeJournal journal = new RechargeJournal(db, clock, CrashPoint.NONE);
  private final DailySettlement settlement =
      new DailySettlement(
          new DailySettlement.Config("K1", LocalTime.of(23, 0), SHANGHAI),
          clock,
          new DayBook(journal),
          List::of);

  @AfterEach
  void close() {
    db.close();
  }

  private Txn paidWithCash(long... notes) {
    Txn t = journal.create(TxnKind.PURCHASE, CARD, "001122334455", List.of());
    long sum = 0;
    for (long n : notes) {
      sum += n;
    }
    journal.apply(t.txnId(), Change.to(TxnState.QUOTED).set("amount", sum).set("money", sum));
    for (long n : notes) {
      journal.creditBanknote(t.txnId(), UUID.randomUUID().toString(), n);
    }
    return journal.apply(t.txnId(), Change.to(TxnState.PAID));
  }

  private void complete(Txn t) {
    journal.apply(t.txnId(), Change.to(TxnState.AUTHORIZED).set("seq_before", 1));
    journal.apply(t.txnId(), Change.to(TxnState.WRITING));
    journal.apply(t.txnId(), Change.to(TxnState.LOADED).set("balance_after", t.money()));
    journal.apply(t.txnId(), Change.to(TxnState.COMPLETED).set("receipt", "printed"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void the_day_closes_once_at_the_configured_hour_with_its_loads_cash_and_pending_credits() {
    complete(paidWithCash(10_000, 5_000));
    Txn pending = paidWithCash(2_000);
    journal.apply(pending.txnId(), Change.to(TxnState.PENDING_CREDIT).set("reason", "card left"));

    assertThat(settlement.tick())
        .as("a fresh kiosk first closes the day that ended before it started")
        .extracting(r -> r.get("businessDay"))
        .containsExactly("2026-11-26");
    assertThat(settlement.tick()).as("22:00: the day is still open").isEmpty();

    clock.advance(Duration.ofMinutes(61)); // 23:01
    complete(paidWithCash(1_000)); // belongs to the next business day
    List<Map<String, Object>> closed = settlement.tick();

    assertThat(closed).hasSize(1);
    Map<String, Object> r = closed.get(0);
    assertThat(r)
        .containsEntry("businessDay", "2026-11-27")
        .containsEntry("from", "2026-11-26T15:00:00Z")
        .containsEntry("to", "2026-11-27T15:00:00Z");
    Map<String, Object> completed =
        (Map<String, Object>) ((Map<String, Object>) r.get("transactions")).get("completed");
    assertThat(completed)
        .containsEntry("count", 1L)
        .containsEntry("money", 15_000L)
        .containsEntry("cashPaid", 15_000L);
    assertThat((Map<String, Object>) r.get("cash"))
        .containsEntry("notes", 3L)
        .containsEntry("total", 17_000L)
        .containsEntry("byDenomination", Map.of("2000", 1L, "5000", 1L, "10000", 1L));
    assertThat(r.get("qr")).isEqualTo(Map.of("count", 0L, "money", 0L));
    Map<String, Object> credits = (Map<String, Object>) r.get("pendingCredits");
    assertThat(credits.get("opened")).isEqualTo(Map.of("count", 1L, "money", 2_000L));
    assertThat(credits.get("openAtClose")).isEqualTo(Map.of("count", 1L, "money", 2_000L));

    assertThat(settlement.tick()).as("closed once").isEmpty();
    assertThat(journal.outbox().after(0, 1000))
        .extracting(OutboxEvent::type)
        .filteredOn(t -> t.equals("settlement.daily"))
        .hasSize(2);
  }

  @Test
  void days_missed_while_the_kiosk_was_off_are_closed_in_order() {
    clock.advance(Duration.ofMinutes(61));
    assertThat(settlement.tick()).extracting(r -> r.get("businessDay")).contains("2026-11-27");
    clock.advance(Duration.ofDays(3));
    assertThat(settlement.tick())
        .extracting(r -> r.get("businessDay"))
        .containsExactly("2026-11-28", "2026-11-29", "2026-11-30");
  }
}
