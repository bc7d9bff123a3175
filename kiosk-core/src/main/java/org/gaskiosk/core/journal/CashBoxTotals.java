package org.gaskiosk.core.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the cash box holds according to the journal: every banknote credited, counted and summed.
 * This build has no cash collection ({@code cash.collected}) yet, so nothing was ever taken out and
 * "since the last collection" is "since the journal began"; a collection must add its cut-off here.
 */
public final class CashBoxTotals {
  private final JournalDatabase db;

  public CashBoxTotals(JournalDatabase db) {
    this.db = db;
  }

  /**
   * @param notes banknotes in the box
   * @param valueFen their value
   */
  public record Totals(long notes, long valueFen) {}

  /** Reads the totals now (one short query; any thread). */
  public Totals now() {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(note_value), 0) FROM banknote");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      Totals t = new Totals(rs.getLong(1), rs.getLong(2));
      c.rollback();
      return t;
    } catch (SQLException e) {
      throw new JournalException("could not read the cash box totals", e);
    }
  }
}
