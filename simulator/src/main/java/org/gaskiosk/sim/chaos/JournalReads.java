package org.gaskiosk.sim.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checker's view of every kiosk's journal: plain SQL on its own connection per kiosk (a checker
 * looks at what is committed, and aggregates keep a 10,000-session run linear).
 */
final class JournalReads implements AutoCloseable {
  /** The states of a load that is on the card, for an SQL {@code IN}. */
  static final String LOADED = "('COMPLETED','LOADED')";

  private final Map<String, Connection> connections = new HashMap<>();

  /** QR money the kiosk credited to its transactions. */
  long qrCredited(ChaosKiosk k) throws SQLException {
    return single(k, "SELECT COALESCE(SUM(money),0) FROM qr_payment WHERE status='PAID'");
  }

  /** The banknotes the journal credited. */
  long notes(ChaosKiosk k) throws SQLException {
    return single(k, "SELECT COALESCE(SUM(note_value),0) FROM banknote");
  }

  String stateOf(ChaosKiosk k, String txnId) throws SQLException {
    try (PreparedStatement ps =
        conn(k).prepareStatement("SELECT state FROM recharge WHERE txn_id = ?")) {
      ps.setString(1, txnId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The transactions still owed, in words (for a violation's report). */
  String owed(ChaosKiosk k) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
            conn(k)
                .prepareStatement(
                    "SELECT r.kind, r.state, r.card_no, r.money, r.paid, q.status FROM recharge r"
                        + " LEFT JOIN qr_payment q ON q.txn_id = r.txn_id WHERE r.state NOT IN"
                        + " ('COMPLETED','CANCELLED','LOADED_ELSEWHERE') ORDER BY r.created_at");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            rs.getString(1)
                + " "
                + rs.getString(2)
                + " card "
                + rs.getString(3)
                + " money "
                + rs.getLong(4)
                + " paid "
                + rs.getLong(5)
                + (rs.getString(6) == null ? "" : " QR " + rs.getString(6)));
      }
    }
    return String.join("; ", out);
  }

  long single(ChaosKiosk k, String sql) throws SQLException {
    try (PreparedStatement ps = conn(k).prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  Connection conn(ChaosKiosk k) throws SQLException {
    Connection c = connections.get(k.id);
    if (c == null || c.isClosed()) {
      c = DriverManager.getConnection(k.jdbcUrl, "kiosk", "");
      connections.put(k.id, c);
    }
    return c;
  }

  @Override
  public void close() {
    for (Connection c : connections.values()) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing a checker's read connection: nothing to do
      }
    }
  }
}
