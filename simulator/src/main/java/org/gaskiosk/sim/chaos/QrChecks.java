package org.gaskiosk.sim.chaos;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gaskiosk.sim.central.InProcessCentral;
import org.gaskiosk.sim.central.QrCharge;

/**
 * Invariant 1 for QR money, per payment the provider knows: what the provider kept for this kiosk's
 * transactions is credited to them exactly (paid = money), or still on its way (the kiosk has not
 * heard yet: its payment is open); a payment the kiosk credited was taken and kept by the provider
 * (not refunded, not cancelled); a payment the kiosk closed without money holds none at the
 * provider.
 */
final class QrChecks {
  private static final Set<String> OPEN_QR =
      Set.of("REQUESTED", "CONFIRMING", "SHOWN", "CANCELLING");

  private final JournalReads journal;
  private final InProcessCentral central;
  private final CheckTally tally;

  QrChecks(JournalReads journal, InProcessCentral central, CheckTally tally) {
    this.journal = journal;
    this.central = central;
    this.tally = tally;
  }

  void check(List<String> v, ChaosKiosk k) throws SQLException {
    Map<String, QrCharge> charges = central.qrCharges();
    Map<String, String[]> rows = new HashMap<>();
    try (PreparedStatement ps =
            journal.conn(k).prepareStatement("SELECT txn_id, status, money FROM qr_payment");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
      }
    }
    long kept = 0;
    long matched = 0;
    long inFlight = 0;
    for (QrCharge c : charges.values()) {
      if (!c.kioskId().equals(k.id)) {
        continue;
      }
      String[] row = rows.get(c.txnId());
      String status = row == null ? "NONE" : row[0];
      if (c.status().equals("paid")) {
        kept += c.money();
        if (status.equals("PAID") && Long.parseLong(row[1]) == c.money()) {
          matched += c.money();
        } else if (OPEN_QR.contains(status)) {
          inFlight += c.money();
        } else {
          tally.expect(
              v,
              false,
              k.id
                  + ": the provider kept "
                  + c.money()
                  + " fen for a QR payment the kiosk "
                  + status);
        }
      } else {
        tally.expect(
            v,
            !status.equals("PAID"),
            k.id
                + ": a QR payment credited by the kiosk is "
                + c.status()
                + " at the provider (loaded and refunded)");
        boolean moneyMayMove = c.status().equals("confirming") || c.status().equals("shown");
        tally.expect(
            v,
            !moneyMayMove || OPEN_QR.contains(status),
            k.id + ": a QR payment the kiosk closed as " + status + " is still payable");
      }
    }
    tally.expect(
        v,
        kept == matched + inFlight,
        k.id
            + ": the provider kept "
            + kept
            + " fen of QR money; credited "
            + matched
            + ", on its way "
            + inFlight);
    long credited = journal.qrCredited(k);
    tally.expect(
        v,
        credited == matched,
        k.id
            + ": the kiosk credited "
            + credited
            + " fen of QR money, the provider kept "
            + matched);
  }

  /** The QR money the provider took and kept for this kiosk's transactions. */
  long providerKept(ChaosKiosk k) {
    return central.qrCharges().values().stream()
        .filter(c -> c.kioskId().equals(k.id) && c.status().equals("paid"))
        .mapToLong(QrCharge::money)
        .sum();
  }
}
