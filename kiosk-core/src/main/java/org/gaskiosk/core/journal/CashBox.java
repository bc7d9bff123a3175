package org.gaskiosk.core.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The cash box's counters: notes per denomination since installation and since the last collection.
 * A note is counted in the same transaction that credits it ({@link
 * RechargeJournal#creditBanknote}), and a collection resets the "since collection" counters in the
 * same transaction as its {@code cash.collected} event, so neither a crash nor a retry can make the
 * counters disagree with the credited notes or the central system.
 */
public final class CashBox {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RechargeJournal journal;

  public CashBox(RechargeJournal journal) {
    this.journal = Objects.requireNonNull(journal, "journal");
  }

  /** Counts one note of {@code value} fen inside the caller's (crediting) transaction. */
  static void count(Connection c, long value) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE cash_counter SET since_install = since_install + 1,"
                + " since_collection = since_collection + 1 WHERE denomination = ?")) {
      ps.setLong(1, value);
      if (ps.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO cash_counter (denomination, since_install, since_collection)"
                + " VALUES (?, 1, 1)")) {
      ps.setLong(1, value);
      ps.executeUpdate();
    }
  }

  /**
   * The counters now.
   *
   * @param sinceInstall notes per denomination (fen) since installation
   * @param sinceCollection notes per denomination since the last collection: what the box holds
   */
  public record Counters(
      SortedMap<Long, Long> sinceInstall, SortedMap<Long, Long> sinceCollection) {
    public Counters {
      sinceInstall = new TreeMap<>(sinceInstall);
      sinceCollection = new TreeMap<>(sinceCollection);
    }

    /** Fen in the box (since the last collection). */
    public long boxTotal() {
      return total(sinceCollection);
    }

    /** Notes in the box. */
    public long boxNotes() {
      return sinceCollection.values().stream().mapToLong(Long::longValue).sum();
    }

    static long total(Map<Long, Long> counts) {
      return counts.entrySet().stream().mapToLong(e -> e.getKey() * e.getValue()).sum();
    }
  }

  /** One collection: what the box held when staff emptied it. */
  public record Collection(
      String collectionId,
      String visitId,
      String staffId,
      SortedMap<Long, Long> counts,
      long notes,
      long total,
      SortedMap<Long, Long> sinceInstall,
      Instant collectedAt) {
    public Collection {
      counts = new TreeMap<>(counts);
      sinceInstall = new TreeMap<>(sinceInstall);
    }

    /** The body of the {@code cash.collected} event (docs/mqtt.md). */
    public Map<String, Object> eventBody() {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("collectionId", collectionId);
      b.put("visitId", visitId);
      b.put("staffId", staffId);
      b.put("counts", wire(counts));
      b.put("notes", notes);
      b.put("total", total);
      b.put("sinceInstall", wire(sinceInstall));
      b.put("collectedAt", collectedAt.toString());
      return b;
    }
  }

  /** Denominations as JSON object keys (strings of fen), counts as numbers. */
  public static Map<String, Object> wire(Map<Long, Long> counts) {
    Map<String, Object> m = new LinkedHashMap<>();
    counts.forEach((k, v) -> m.put(Long.toString(k), v));
    return m;
  }

  public Counters counters() {
    return journal.read("read the cash-box counters", (c, now, events) -> read(c));
  }

  /**
   * Empties the box: records what the counters held, resets them to zero and appends {@code
   * cash.collected}, all in one durable transaction. An empty box is collected too (the event says
   * staff looked).
   */
  public Collection collect(String visitId, String staffId) {
    Objects.requireNonNull(visitId, "visitId");
    Objects.requireNonNull(staffId, "staffId");
    return journal.transact(
        "record a cash collection",
        (c, now, events) -> {
          Counters before = read(c);
          Collection col =
              new Collection(
                  UUID.randomUUID().toString(),
                  visitId,
                  staffId,
                  before.sinceCollection(),
                  before.boxNotes(),
                  before.boxTotal(),
                  before.sinceInstall(),
                  now.toInstant());
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE cash_counter SET since_collection = 0")) {
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO cash_collection (collection_id, visit_id, staff_id, counts_json,"
                      + " notes, total, collected_at) VALUES (?,?,?,?,?,?,?)")) {
            ps.setString(1, col.collectionId());
            ps.setString(2, visitId);
            ps.setString(3, staffId);
            ps.setString(4, json(wire(col.counts())));
            ps.setLong(5, col.notes());
            ps.setLong(6, col.total());
            ps.setObject(7, now);
            ps.executeUpdate();
          }
          events.add(new PendingEvent("cash.collected", col.eventBody()));
          return col;
        });
  }

  private static Counters read(Connection c) throws SQLException {
    SortedMap<Long, Long> install = new TreeMap<>();
    SortedMap<Long, Long> box = new TreeMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT denomination, since_install, since_collection FROM cash_counter");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        install.put(rs.getLong(1), rs.getLong(2));
        if (rs.getLong(3) > 0) {
          box.put(rs.getLong(1), rs.getLong(3));
        }
      }
    }
    return new Counters(install, box);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON-ready: " + o, e);
    }
  }
}
