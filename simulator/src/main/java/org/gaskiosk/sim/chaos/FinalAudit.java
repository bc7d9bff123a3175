package org.gaskiosk.sim.chaos;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.gaskiosk.sim.central.InProcessCentral;
import org.gaskiosk.sim.central.LedgerSnapshot;

/**
 * The audit after every card with something owed came back (the finale): nothing owed anywhere, no
 * outbox waiting, no QR payment open, the provider's kept money = the kiosks' credited QR money,
 * every credit "loaded elsewhere" loaded by a pickup, and every fen accounted for: all cash boxes +
 * QR money kept = value loaded by purchases + pending credits picked up elsewhere + refunds.
 */
final class FinalAudit {
  private final List<ChaosKiosk> kiosks;
  private final JournalReads journal;
  private final InProcessCentral central;
  private final CheckTally tally;
  private final MoneyChecks money;
  private final QrChecks qr;
  private final PendingCreditChecks pending;

  FinalAudit(
      List<ChaosKiosk> kiosks,
      JournalReads journal,
      InProcessCentral central,
      CheckTally tally,
      MoneyChecks money,
      QrChecks qr,
      PendingCreditChecks pending) {
    this.kiosks = kiosks;
    this.journal = journal;
    this.central = central;
    this.tally = tally;
    this.money = money;
    this.qr = qr;
    this.pending = pending;
  }

  /** After every pending credit's card came back: nothing owed, every fen accounted for. */
  List<String> check() throws SQLException {
    List<String> v = new ArrayList<>();
    long box = 0;
    long qrKept = 0;
    long loadedFromCash = 0;
    long loadedElsewhere = 0;
    for (ChaosKiosk k : kiosks) {
      long open =
          journal.single(
              k,
              "SELECT COUNT(*) FROM recharge WHERE state NOT IN"
                  + " ('COMPLETED','CANCELLED','LOADED_ELSEWHERE')");
      tally.expect(
          v,
          open == 0,
          k.id + ": " + open + " txns still owed after every card came back: " + journal.owed(k));
      tally.expect(v, k.journal.outbox().depth() == 0, k.id + ": outbox not drained");
      box += k.cash.cashBoxTotal();
      long openQr =
          journal.single(
              k,
              "SELECT COUNT(*) FROM qr_payment WHERE status IN"
                  + " ('REQUESTED','CONFIRMING','SHOWN','CANCELLING')");
      tally.expect(v, openQr == 0, k.id + ": " + openQr + " QR payments still open at the end");
      long kept = qr.providerKept(k);
      qrKept += kept;
      long credited = journal.qrCredited(k);
      tally.expect(
          v,
          kept == credited,
          k.id
              + ": the provider kept "
              + kept
              + " fen of QR money, the kiosk credited "
              + credited);
      loadedFromCash +=
          journal.single(
              k,
              "SELECT COALESCE(SUM(money),0) FROM recharge WHERE kind='PURCHASE' AND"
                  + " state='COMPLETED'");
      // Cash only: a pickup of online orders that ends "loaded elsewhere" (another kiosk read from
      // the card that it never applied, and the orders were loaded by a later pickup) carried no
      // cash of this kiosk; checkPickupsLoadedElsewhere follows its orders instead.
      loadedElsewhere +=
          journal.single(
              k,
              "SELECT COALESCE(SUM(money),0) FROM recharge WHERE kind='PURCHASE' AND"
                  + " state='LOADED_ELSEWHERE'");
      long elsewhere =
          journal.single(
              k,
              "SELECT COUNT(*) FROM recharge WHERE kind='PURCHASE' AND state='LOADED_ELSEWHERE'");
      checkPickupsLoadedElsewhere(k, v);
      long pickedUp = 0;
      try (PreparedStatement ps =
              journal
                  .conn(k)
                  .prepareStatement(
                      "SELECT txn_id FROM recharge WHERE kind='PURCHASE' AND"
                          + " state='LOADED_ELSEWHERE'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (pending.pickedUp(rs.getString(1))) {
            pickedUp++;
          }
        }
      }
      tally.expect(
          v,
          pickedUp == elsewhere,
          k.id
              + ": "
              + (elsewhere - pickedUp)
              + " credits 'loaded elsewhere' that no pickup loaded");
    }
    long refunded = money.reconciledTotal();
    tally.expect(
        v,
        box + qrKept == loadedFromCash + loadedElsewhere + refunded,
        "money in "
            + box
            + " fen cash + "
            + qrKept
            + " fen QR != loaded "
            + loadedFromCash
            + " + picked up elsewhere "
            + loadedElsewhere
            + " + refunded "
            + refunded);
    tally.expect(
        v,
        central.openPendingOrders() == 0,
        "central still holds " + central.openPendingOrders() + " open pending credits");
    return v;
  }

  /**
   * A pickup that ended "loaded elsewhere" wrote nothing: each of its orders must have been picked
   * up by another transaction.
   */
  private void checkPickupsLoadedElsewhere(ChaosKiosk k, List<String> v) throws SQLException {
    try (PreparedStatement ps =
            journal
                .conn(k)
                .prepareStatement(
                    "SELECT txn_id, order_ids FROM recharge WHERE kind='PICKUP' AND"
                        + " state='LOADED_ELSEWHERE'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String txn = rs.getString(1);
        String orders = rs.getString(2);
        for (String order : orders == null ? new String[0] : orders.split(",")) {
          if (order.isBlank()) {
            continue;
          }
          boolean elsewhere =
              central
                  .order(order)
                  .map(
                      o ->
                          o.status() == LedgerSnapshot.OrderStatus.PICKED_UP
                              && !txn.equals(o.txnId()))
                  .orElse(false);
          tally.expect(
              v,
              elsewhere,
              k.id
                  + ": pickup "
                  + txn
                  + " ended 'loaded elsewhere' but its order "
                  + order
                  + " was not picked up by another transaction");
        }
      }
    }
  }
}
