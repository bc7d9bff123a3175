package org.gaskiosk.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CashBoxTotalsTest {
  private static final CardSnapshot CARD =
      new CardSnapshot("3100000000000001", CardFamily.PURSE, CardUnit.FEN, 1200, MeterRecord.NONE);
  private final JournalDatabase db = JournalDatabase.openInMemory("cashbox-" + System.nanoTime());
  private final RechargeJournal journal =
      new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void counts_every_credited_note_once_and_sums_its_value() {
    CashBoxTotals box = new CashBoxTotals(db);
    assertThat(box.now()).isEqualTo(new CashBoxTotals.Totals(0, 0));

    Txn t = journal.create(TxnKind.PURCHASE, CARD, "001122334455", List.of());
    journal.apply(t.txnId(), Change.to(TxnState.QUOTED).set("amount", 7000L).set("money", 7000L));
    journal.creditBanknote(t.txnId(), "n1", 2000);
    journal.creditBanknote(t.txnId(), "n2", 5000);
    journal.creditBanknote(t.txnId(), "n2", 5000); // a repeated VEND VALID credits nothing

    assertThat(box.now()).isEqualTo(new CashBoxTotals.Totals(2, 7000));
  }
}
