package org.gaskiosk.sim.chaos;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.gaskiosk.sim.central.InProcessCentral;

/**
 * Invariant 3: once a kiosk's outbox is drained, the central ledger holds exactly its cash and QR
 * money, its loads (count and money) and its pending credits, and rejected no message.
 */
final class CentralChecks {
  private final List<ChaosKiosk> kiosks;
  private final JournalReads journal;
  private final InProcessCentral central;
  private final CheckTally tally;

  CentralChecks(
      List<ChaosKiosk> kiosks, JournalReads journal, InProcessCentral central, CheckTally tally) {
    this.kiosks = kiosks;
    this.journal = journal;
    this.central = central;
    this.tally = tally;
  }

  /** Once a kiosk's outbox is empty, the central ledger must agree with its journal. */
  List<String> check() throws SQLException {
    List<String> v = new ArrayList<>();
    for (ChaosKiosk k : kiosks) {
      if (k.journal.outbox().depth() != 0) {
        continue;
      }
      long notes = journal.notes(k);
      long qr = journal.qrCredited(k);
      long counted = central.paymentsTotal(k.id);
      tally.expect(
          v,
          counted == notes + qr,
          k.id
              + ": central counted "
              + counted
              + " fen cash and QR, journal "
              + notes
              + " + QR "
              + qr);
      long[] loads = central.loadsOf(k.id);
      long n = journal.single(k, "SELECT COUNT(*) FROM recharge WHERE state='COMPLETED'");
      long money =
          journal.single(k, "SELECT COALESCE(SUM(money),0) FROM recharge WHERE state='COMPLETED'");
      // A load this kiosk left uncertain (WRITING) that another kiosk found on the card is booked
      // as this kiosk's load at once; this journal learns it only when the card comes back.
      long[] resolved = resolvedElsewhereApplied(k);
      n += resolved[0];
      money += resolved[1];
      tally.expect(
          v,
          loads[0] == n && loads[1] == money,
          k.id
              + ": central has "
              + loads[0]
              + " loads worth "
              + loads[1]
              + ", journal "
              + n
              + " worth "
              + money);
      try (PreparedStatement ps =
              journal
                  .conn(k)
                  .prepareStatement("SELECT txn_id FROM recharge WHERE state='PENDING_CREDIT'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String txn = rs.getString(1);
          tally.expect(
              v,
              central.pendingCredit(txn).isPresent(),
              k.id + ": a pending credit the central system never heard of");
        }
      }
    }
    tally.expect(
        v, central.rejected() == 0, "central rejected " + central.rejected() + " messages");
    return v;
  }

  /** This kiosk's WRITING loads that the central booked as applied on another kiosk's evidence. */
  private long[] resolvedElsewhereApplied(ChaosKiosk k) throws SQLException {
    long n = 0;
    long money = 0;
    try (PreparedStatement ps =
            journal
                .conn(k)
                .prepareStatement("SELECT txn_id, money FROM recharge WHERE state='WRITING'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String txn = rs.getString(1);
        boolean applied =
            central
                .uncertainLoad(txn)
                .map(u -> u.status().equals("applied") && !k.id.equals(u.resolvedBy()))
                .orElse(false);
        if (applied && central.load(txn).isPresent()) {
          n++;
          money += rs.getLong(2);
        }
      }
    }
    return new long[] {n, money};
  }
}
