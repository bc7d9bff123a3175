package org.gaskiosk.core.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The outbox table. Rows are appended inside journal transactions and deleted only on the central
 * ack.
 */
final class Outbox implements OutboxStore {
  private final JournalDatabase db;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  Outbox(JournalDatabase db) {
    this.db = db;
  }

  /**
   * Appends inside the caller's transaction; the eventId is generated here and stored with the row.
   */
  void append(Connection c, PendingEvent e, OffsetDateTime now, ObjectMapper json)
      throws SQLException {
    String body;
    try {
      body = json.writeValueAsString(e.body());
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("event body is not JSON-ready: " + e, ex);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO outbox (event_id, event_type, occurred_at, body) VALUES (?,?,?,?)")) {
      ps.setString(1, UUID.randomUUID().toString());
      ps.setString(2, e.type());
      ps.setObject(3, now);
      ps.setString(4, body);
      ps.executeUpdate();
    }
  }

  void notifyAppended(int count) {
    if (count > 0) {
      listeners.forEach(Runnable::run);
    }
  }

  @Override
  public List<OutboxEvent> after(long afterSeq, int limit) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, event_id, event_type, occurred_at, body FROM outbox WHERE seq > ?"
                    + " ORDER BY seq LIMIT ?")) {
      ps.setLong(1, afterSeq);
      ps.setInt(2, limit);
      List<OutboxEvent> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new OutboxEvent(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getObject(4, OffsetDateTime.class).toInstant(),
                  rs.getString(5)));
        }
      }
      c.rollback();
      return out;
    } catch (SQLException e) {
      throw new JournalException("could not read the outbox after seq " + afterSeq, e);
    }
  }

  @Override
  public void acknowledgeUpTo(long seq) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE seq <= ?")) {
      ps.setLong(1, seq);
      ps.executeUpdate();
      // No fsync: a deletion lost in a power cut only sends acknowledged events again, which the
      // central system drops by eventId; an fsync here cost one per batch on the drain's path.
      db.commitLazily(c);
    } catch (SQLException e) {
      throw new JournalException("could not retire outbox rows up to seq " + seq, e);
    }
  }

  @Override
  public long depth() {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long n = rs.getLong(1);
      c.rollback();
      return n;
    } catch (SQLException e) {
      throw new JournalException("could not count the outbox", e);
    }
  }

  @Override
  public void onAppended(Runnable listener) {
    listeners.add(listener);
  }
}
