package org.gaskiosk.core.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The durable step log of memory-card loads (table {@code memory_card_write}): which card commands
 * a load plans, which were sent and which were answered. Every change commits durably before the
 * caller touches the card.
 */
public final class MemoryWriteLog {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final JournalDatabase db;

  public MemoryWriteLog(JournalDatabase db) {
    this.db = db;
  }

  /**
   * One planned command.
   *
   * @param address -1 for the PSC change
   */
  public record Step(
      int stepNo, String what, int address, byte[] data, boolean sent, boolean done) {
    public Step {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }
  }

  /**
   * Records the plan of {@code txnId}, replacing an earlier attempt's: called only before a first
   * attempt or after the card proved the earlier one was not applied and its PSC change not sent.
   */
  public synchronized void plan(String txnId, List<Step> steps) {
    try (Connection c = db.connection()) {
      try (PreparedStatement del =
          c.prepareStatement("DELETE FROM memory_card_write WHERE txn_id = ?")) {
        del.setString(1, txnId);
        del.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO memory_card_write (txn_id, step_no, what, address, data_hex)"
                  + " VALUES (?,?,?,?,?)")) {
        for (Step s : steps) {
          ps.setString(1, txnId);
          ps.setInt(2, s.stepNo());
          ps.setString(3, s.what());
          ps.setInt(4, s.address());
          ps.setString(5, HEX.formatHex(s.data()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      db.commitDurably(c);
    } catch (SQLException e) {
      throw new JournalException("could not plan the memory-card writes of txn " + txnId, e);
    }
  }

  /** Committed immediately before step {@code stepNo} goes to the card. */
  public void markSent(String txnId, int stepNo) {
    mark(txnId, stepNo, "sent");
  }

  /** Committed right after the card answered step {@code stepNo} with success. */
  public void markDone(String txnId, int stepNo) {
    mark(txnId, stepNo, "done");
  }

  /** The plan of {@code txnId} in step order; empty when none was recorded. */
  public List<Step> steps(String txnId) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT step_no, what, address, data_hex, sent, done FROM memory_card_write"
                    + " WHERE txn_id = ? ORDER BY step_no")) {
      ps.setString(1, txnId);
      List<Step> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Step(
                  rs.getInt(1),
                  rs.getString(2),
                  rs.getInt(3),
                  HEX.parseHex(rs.getString(4)),
                  rs.getBoolean(5),
                  rs.getBoolean(6)));
        }
      }
      c.rollback();
      return out;
    } catch (SQLException e) {
      throw new JournalException("could not read the memory-card writes of txn " + txnId, e);
    }
  }

  private synchronized void mark(String txnId, int stepNo, String column) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE memory_card_write SET "
                    + column
                    + " = TRUE WHERE txn_id = ? AND step_no = ?")) {
      ps.setString(1, txnId);
      ps.setInt(2, stepNo);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("txn " + txnId + " has no memory-card step " + stepNo);
      }
      db.commitDurably(c);
    } catch (SQLException e) {
      throw new JournalException("could not mark step " + stepNo + " of txn " + txnId, e);
    }
  }
}
