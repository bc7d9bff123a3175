package org.gaskiosk.core.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The journal read as a day book for the daily settlement: what happened between two instants, by
 * the journal's own commit times (the same times the outbox events carry as {@code occurredAt}),
 * and the closed days. A day is closed in one transaction with its {@code settlement.daily} event,
 * under the journal's write lock, so every commit before the window's end is in it and none after.
 */
public final class DayBook {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RechargeJournal journal;

  public DayBook(RechargeJournal journal) {
    this.journal = Objects.requireNonNull(journal, "journal");
  }

  /** A count and a sum of fen. */
  public record Tally(long count, long money) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("count", count);
      m.put("money", money);
      return m;
    }
  }

  /** One pending credit opened in the window, so the central system can match it item by item. */
  public record PendingItem(String txnId, String reference, long money) {}

  /**
   * What the journal committed in {@code [from, to)}.
   *
   * @param completed loads completed (every {@code txn.completed}), with the cash they carried
   * @param completedByKind purchase / pickup / resume
   * @param cashPaidOnCompleted the {@code cashPaid} of those loads
   * @param notesByDenomination banknotes credited (every {@code cash.accepted})
   * @param qrReceived payments by QR code that reached PAID (payment method {@code qr...})
   * @param cancelled transactions cancelled
   * @param pendingOpened pending credits opened (distinct transactions moved to PENDING_CREDIT)
   * @param loadedElsewhere pending credits another transaction loaded
   * @param pendingOpenAtEnd every pending credit still open when the window ended
   */
  public record Totals(
      Tally completed,
      Map<String, Tally> completedByKind,
      long cashPaidOnCompleted,
      SortedMap<Long, Long> notesByDenomination,
      Tally qrReceived,
      long cancelled,
      List<PendingItem> pendingOpened,
      Tally loadedElsewhere,
      Tally pendingOpenAtEnd) {

    public long notes() {
      return notesByDenomination.values().stream().mapToLong(Long::longValue).sum();
    }

    public long cash() {
      return CashBox.Counters.total(notesByDenomination);
    }
  }

  /** Totals of the window; reads only. */
  public Totals totals(Instant from, Instant to) {
    return journal.read("read the day book", (c, now, events) -> totals(c, from, to));
  }

  /**
   * Closes {@code day}: computes its totals, lets {@code report} turn them into the report, and
   * stores the report with a {@code settlement.daily} event carrying it, in one transaction.
   *
   * @return the report, or empty if the day was closed before (nothing is recorded then)
   */
  public Optional<Map<String, Object>> close(
      LocalDate day, Instant from, Instant to, Function<Totals, Map<String, Object>> report) {
    return journal.transact(
        "close business day " + day,
        (c, now, events) -> {
          if (closed(c, day)) {
            return Optional.empty();
          }
          Map<String, Object> body = new LinkedHashMap<>(report.apply(totals(c, from, to)));
          body.put("closedAt", now.toInstant().toString());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO settlement (business_day, window_from, window_to, report_json,"
                      + " closed_at) VALUES (?,?,?,?,?)")) {
            ps.setObject(1, day);
            ps.setObject(2, utc(from));
            ps.setObject(3, utc(to));
            ps.setString(4, json(body));
            ps.setObject(5, now);
            ps.executeUpdate();
          }
          events.add(new PendingEvent("settlement.daily", body));
          return Optional.of(body);
        });
  }

  /** The last closed day, if any. */
  public Optional<LocalDate> lastClosed() {
    return journal.read(
        "read the last closed day",
        (c, now, events) -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT MAX(business_day) FROM settlement");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Optional.ofNullable(rs.getObject(1, LocalDate.class));
          }
        });
  }

  /** The stored report of {@code day}. */
  public Optional<Map<String, Object>> report(LocalDate day) {
    return journal.read(
        "read the settlement of " + day,
        (c, now, events) -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT report_json FROM settlement WHERE business_day = ?")) {
            ps.setObject(1, day);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(parse(rs.getString(1))) : Optional.empty();
            }
          }
        });
  }

  private static boolean closed(Connection c, LocalDate day) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM settlement WHERE business_day = ?")) {
      ps.setObject(1, day);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Totals totals(Connection c, Instant from, Instant to) throws SQLException {
    Map<String, long[]> byKind = new TreeMap<>();
    long completedCount = 0;
    long completedMoney = 0;
    long cashPaid = 0;
    try (PreparedStatement ps =
        window(
            c,
            "SELECT r.txn_id, r.kind, r.order_ids, r.money, r.paid FROM transition t JOIN recharge r"
                + " ON r.txn_id = t.txn_id WHERE t.to_state = 'COMPLETED' AND t.at >= ? AND t.at < ?",
            from,
            to)) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String kind = kind(rs.getString(1), rs.getString(2), rs.getString(3));
          long[] k = byKind.computeIfAbsent(kind, x -> new long[2]);
          k[0]++;
          k[1] += rs.getLong(4);
          completedCount++;
          completedMoney += rs.getLong(4);
          cashPaid += rs.getLong(5);
        }
      }
    }
    Map<String, Tally> kinds = new LinkedHashMap<>();
    byKind.forEach((k, v) -> kinds.put(k, new Tally(v[0], v[1])));

    SortedMap<Long, Long> notes = new TreeMap<>();
    try (PreparedStatement ps =
        window(
            c,
            "SELECT note_value, COUNT(*) FROM banknote WHERE stacked_at >= ? AND stacked_at < ?"
                + " GROUP BY note_value",
            from,
            to)) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          notes.put(rs.getLong(1), rs.getLong(2));
        }
      }
    }
    Tally qr =
        tally(
            c,
            "SELECT COUNT(DISTINCT r.txn_id), COALESCE(SUM(r.money),0) FROM recharge r WHERE"
                + " r.payment_method LIKE 'qr%' AND r.txn_id IN (SELECT txn_id FROM transition"
                + " WHERE to_state = 'PAID' AND at >= ? AND at < ?)",
            from,
            to);
    long cancelled =
        tally(
                c,
                "SELECT COUNT(DISTINCT txn_id), 0 FROM transition WHERE to_state = 'CANCELLED' AND"
                    + " at >= ? AND at < ?",
                from,
                to)
            .count();
    List<PendingItem> pending = new ArrayList<>();
    try (PreparedStatement ps =
        window(
            c,
            "SELECT txn_id, reference, money FROM recharge WHERE txn_id IN (SELECT txn_id FROM"
                + " transition WHERE to_state = 'PENDING_CREDIT' AND at >= ? AND at < ?) ORDER BY"
                + " txn_id",
            from,
            to)) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          pending.add(new PendingItem(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
    }
    Tally elsewhere =
        tally(
            c,
            "SELECT COUNT(*), COALESCE(SUM(r.money),0) FROM transition t JOIN recharge r ON"
                + " r.txn_id = t.txn_id WHERE t.to_state = 'LOADED_ELSEWHERE' AND t.at >= ? AND"
                + " t.at < ?",
            from,
            to);
    // Open at the window's end: the last transition before `to` left it in PENDING_CREDIT.
    Tally openAtEnd =
        tally(
            c,
            "SELECT COUNT(*), COALESCE(SUM(r.money),0) FROM recharge r JOIN transition t ON"
                + " t.txn_id = r.txn_id WHERE t.to_state = 'PENDING_CREDIT' AND t.at < ? AND"
                + " t.at >= ? AND NOT EXISTS (SELECT 1 FROM transition l WHERE l.txn_id = t.txn_id"
                + " AND l.id > t.id AND l.at < ?)",
            to,
            Instant.EPOCH,
            to);
    return new Totals(
        new Tally(completedCount, completedMoney),
        kinds,
        cashPaid,
        notes,
        qr,
        cancelled,
        pending,
        elsewhere,
        openAtEnd);
  }

  /** purchase, pickup or resume, as {@code txn.completed} says. */
  private static String kind(String txnId, String kind, String orderIds) {
    if (TxnKind.PICKUP.name().equals(kind)) {
      return "pickup";
    }
    return List.of(orderIds.split(",")).contains("pending:" + txnId) ? "resume" : "purchase";
  }

  private static Tally tally(Connection c, String sql, Instant a, Instant b) throws SQLException {
    return tally(c, sql, a, b, null);
  }

  private static Tally tally(Connection c, String sql, Instant a, Instant b, Instant third)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, utc(a));
      ps.setObject(2, utc(b));
      if (third != null) {
        ps.setObject(3, utc(third));
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Tally(rs.getLong(1), rs.getLong(2));
      }
    }
  }

  private static PreparedStatement window(Connection c, String sql, Instant from, Instant to)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setObject(1, utc(from));
    ps.setObject(2, utc(to));
    return ps;
  }

  private static OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON-ready: " + o, e);
    }
  }

  private static Map<String, Object> parse(String s) {
    try {
      return JSON.readValue(s, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored settlement is not JSON: " + e.getMessage(), e);
    }
  }
}
