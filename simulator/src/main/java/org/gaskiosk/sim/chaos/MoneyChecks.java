package org.gaskiosk.sim.chaos;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Invariant 1, money, per kiosk: the cash box holds the banknotes the journal credited plus what
 * staff refunded; the transactions' {@code paid} is those banknotes plus the QR money credited; no
 * cancelled transaction holds money; a purchase loads or owes exactly the money paid for it. Keeps
 * the staff's refunds, the only way money may leave these books.
 */
final class MoneyChecks {
  private final JournalReads journal;
  private final CheckTally tally;
  private final Map<String, Long> reconciled = new HashMap<>();

  MoneyChecks(JournalReads journal, CheckTally tally) {
    this.journal = journal;
    this.tally = tally;
  }

  /**
   * A person counts a cash box the driver flagged (a note may be in it without a credit) against
   * the journal and refunds the difference: the only way money may leave invariant 1's books.
   *
   * @return the amount refunded, or -1 when the driver flagged nothing
   */
  long staffReconcile(ChaosKiosk k) throws SQLException {
    if (!k.cash.takeReconciliationRequest()) {
      return -1;
    }
    long counted = k.cash.cashBoxTotal() - journal.notes(k);
    long before = reconciled.getOrDefault(k.id, 0L);
    reconciled.put(k.id, counted);
    k.cash.reconciled();
    return counted - before;
  }

  long reconciledTotal() {
    return reconciled.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The cash box against the journal's banknotes, and the money the transactions were paid. */
  void checkCashBox(List<String> v, ChaosKiosk k) throws SQLException {
    long notes = journal.notes(k);
    long box = k.cash.cashBoxTotal();
    long refunded = reconciled.getOrDefault(k.id, 0L);
    tally.expect(
        v,
        box == notes + refunded,
        k.id
            + ": cash box holds "
            + box
            + " fen but the journal credited "
            + notes
            + " and staff refunded "
            + refunded);
    long qr = journal.qrCredited(k);
    long paid = journal.single(k, "SELECT COALESCE(SUM(paid),0) FROM recharge");
    tally.expect(
        v,
        paid == notes + qr,
        k.id + ": txns say " + paid + " fen paid, banknotes " + notes + ", QR credited " + qr);
  }

  /** What the transactions hold: none when cancelled, exactly their money when loaded or owed. */
  void checkTransactions(List<String> v, ChaosKiosk k) throws SQLException {
    long cancelledWithMoney =
        journal.single(k, "SELECT COUNT(*) FROM recharge WHERE state='CANCELLED' AND paid>0");
    tally.expect(
        v,
        cancelledWithMoney == 0,
        k.id + ": " + cancelledWithMoney + " cancelled txns hold money");
    long wrongMoney =
        journal.single(
            k,
            "SELECT COUNT(*) FROM recharge WHERE kind='PURCHASE' AND money<>paid AND state IN"
                + " ('COMPLETED','LOADED','PENDING_CREDIT','LOADED_ELSEWHERE')");
    tally.expect(
        v,
        wrongMoney == 0,
        k.id
            + ": "
            + wrongMoney
            + " purchases loaded or pending a value other than the money paid");
  }
}
