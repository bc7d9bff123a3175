package org.gaskiosk.core.journal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;

/**
 * Run in a separate JVM by {@link SigkillDurabilityTest}: commits journal transitions in a loop and
 * reports each one on stdout only after its commit returned, until it is killed.
 */
public final class JournalChild {
  private JournalChild() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    JournalDatabase db = JournalDatabase.openFile(Path.of(args[0]), true);
    RechargeJournal journal = new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);
    CardSnapshot card =
        new CardSnapshot("3100000000000001", CardFamily.PURSE, CardUnit.FEN, 0, MeterRecord.NONE);
    for (int i = 0; ; i++) {
      Txn t = journal.create(TxnKind.PURCHASE, card, "001122334455", List.of());
      out.println("COMMITTED " + t.txnId() + " CREATED");
      journal.apply(t.txnId(), Change.to(TxnState.QUOTED).set("amount", 100L + i));
      out.println("COMMITTED " + t.txnId() + " QUOTED");
      journal.creditBanknote(t.txnId(), "note-" + i, 100);
      out.println("COMMITTED " + t.txnId() + " PAYING");
      journal.apply(
          t.txnId(), Change.to(TxnState.PAID).event("txn.paid", Map.of("txnId", t.txnId())));
      out.println("COMMITTED " + t.txnId() + " PAID");
      out.flush();
    }
  }
}
