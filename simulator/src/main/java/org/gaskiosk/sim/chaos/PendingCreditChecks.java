package org.gaskiosk.sim.chaos;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Invariant 2 for pending credits: a pending credit's value is loaded once, by its own kiosk or by
 * one pickup at another kiosk, never both. Remembers which pickup loaded each credit, so the final
 * audit can require one for every credit reported "loaded elsewhere".
 */
final class PendingCreditChecks {
  private final List<ChaosKiosk> kiosks;
  private final JournalReads journal;
  private final CheckTally tally;
  private final Map<String, String> pickupOfPending = new HashMap<>();
  private final Set<String> settledPickups = new HashSet<>();
  private final Set<String> watched = new LinkedHashSet<>();

  PendingCreditChecks(List<ChaosKiosk> kiosks, JournalReads journal, CheckTally tally) {
    this.kiosks = kiosks;
    this.journal = journal;
    this.tally = tally;
  }

  /** Whether a pickup at some kiosk loaded this pending credit. */
  boolean pickedUp(String txnId) {
    return pickupOfPending.containsKey(txnId);
  }

  void check(List<String> v) throws SQLException {
    for (ChaosKiosk k : kiosks) {
      try (PreparedStatement ps =
              journal
                  .conn(k)
                  .prepareStatement(
                      "SELECT txn_id, order_ids FROM recharge WHERE kind='PICKUP' AND state IN "
                          + JournalReads.LOADED
                          + " AND order_ids LIKE '%pending:%'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String pickup = rs.getString(1);
          if (!settledPickups.add(pickup)) {
            continue;
          }
          for (String order : rs.getString(2).split(",")) {
            if (!order.startsWith("pending:")) {
              continue;
            }
            String txn = order.substring("pending:".length());
            String other = pickupOfPending.putIfAbsent(txn, pickup);
            tally.expect(v, other == null, "a pending credit was picked up twice");
            watched.add(txn);
          }
        }
      }
    }
    // A picked-up credit must end "loaded elsewhere" at its own kiosk, never loaded there too.
    for (var it = watched.iterator(); it.hasNext(); ) {
      String txn = it.next();
      for (ChaosKiosk k : kiosks) {
        String state = journal.stateOf(k, txn);
        if (state == null) {
          continue;
        }
        tally.expect(
            v,
            !state.equals("COMPLETED") && !state.equals("LOADED"),
            k.id + ": a pending credit loaded by its kiosk and picked up elsewhere");
        if (state.equals("LOADED_ELSEWHERE")) {
          it.remove();
        }
      }
    }
  }
}
