package org.gaskiosk.core.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.port.BillListener;

/**
 * The recharge journal: one row per recharge, advanced through {@link TxnState}s. Every transition
 * is one H2 transaction that also appends its outbox rows (transactional outbox) and an audit row,
 * and is durable before this class returns, so the caller may act on a device right after.
 *
 * <p>Writes are serialised (synchronized): outbox seqs are assigned at insert time and the uplink
 * relies on rows becoming visible in seq order, so two writers must never commit out of order. The
 * uplink's reads and acks use their own connections.
 */
public final class RechargeJournal {
  private static final Set<String> COLUMNS =
      Set.of(
          "quote_json",
          "amount",
          "money",
          "payment_method",
          "order_ids",
          "seq_before",
          "host_time",
          "mac2",
          "tac",
          "balance_after",
          "reason",
          "receipt");

  private final JournalDatabase db;
  private final Clock clock;
  private final CrashPoint crash;
  private final ObjectMapper json = new ObjectMapper();
  private final Outbox outbox;

  public RechargeJournal(JournalDatabase db, Clock clock, CrashPoint crash) {
    this.db = db;
    this.clock = clock;
    this.crash = crash;
    this.outbox = new Outbox(db);
  }

  /** The outbox the uplink drains. */
  /** The step log of memory-card loads, in this journal's database. */
  public MemoryWriteLog memoryWrites() {
    return new MemoryWriteLog(db);
  }

  public OutboxStore outbox() {
    return outbox;
  }

  /**
   * Creates a recharge in CREATED with the card snapshot. The txnId is generated here and stored
   * before anything else uses it.
   */
  public synchronized Txn create(
      TxnKind kind, CardSnapshot card, String terminalId, List<String> orderIds) {
    String txnId = UUID.randomUUID().toString();
    String reference = referenceOf(txnId);
    OffsetDateTime now = now();
    try (Connection c = db.connection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO recharge (txn_id, reference, kind, state, card_no, card_family, card_unit,"
                  + " balance_before, meter_json, order_ids, terminal_id, transitions, created_at,"
                  + " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?,?)")) {
        ps.setString(1, txnId);
        ps.setString(2, reference);
        ps.setString(3, kind.name());
        ps.setString(4, TxnState.CREATED.name());
        ps.setString(5, card.cardNo());
        ps.setString(6, card.family().name());
        ps.setString(7, card.unit().name());
        ps.setLong(8, card.balance());
        ps.setString(9, MeterJson.write(card.meter()));
        ps.setString(10, String.join(",", orderIds));
        ps.setString(11, terminalId);
        ps.setObject(12, now);
        ps.setObject(13, now);
        ps.executeUpdate();
      }
      audit(c, txnId, null, TxnState.CREATED, "card " + card.maskedCardNo(), now);
      commit(c, TxnState.CREATED);
    } catch (SQLException e) {
      throw new JournalException("could not create a recharge for card " + card.maskedCardNo(), e);
    }
    return find(txnId).orElseThrow();
  }

  /**
   * Applies one transition atomically with its outbox rows.
   *
   * @throws IllegalStateException when the transaction is not in a state that may move to the
   *     target (a bug)
   */
  public synchronized Txn apply(String txnId, Change change) {
    OffsetDateTime now = now();
    try (Connection c = db.connection()) {
      TxnState from = lockState(c, txnId);
      if (!from.canMoveTo(change.target())) {
        c.rollback();
        throw new IllegalStateException(
            "txn " + txnId + " cannot move from " + from + " to " + change.target());
      }
      update(c, txnId, change, now);
      for (PendingEvent e : change.events()) {
        outbox.append(c, e, now, json);
      }
      audit(c, txnId, from, change.target(), change.detailText(), now);
      commit(c, change.target());
    } catch (SQLException e) {
      throw new JournalException("could not move txn " + txnId + " to " + change.target(), e);
    }
    outbox.notifyAppended(change.events().size());
    return find(txnId).orElseThrow();
  }

  /**
   * Credits one stacked banknote: {@code paid += value}, state PAYING, a {@code cash.accepted}
   * event, all in one transaction. Idempotent by {@code noteId}: a note already credited (a
   * repeated VEND VALID) credits nothing.
   *
   * @return true if this call credited the note, false if it was already credited
   */
  public synchronized boolean creditBanknote(String txnId, String noteId, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("a banknote has a positive value: " + value);
    }
    OffsetDateTime now = now();
    try (Connection c = db.connection()) {
      TxnState from = lockState(c, txnId);
      if (noteCredited(c, noteId)) {
        c.rollback();
        return false;
      }
      if (!from.canMoveTo(TxnState.PAYING)) {
        c.rollback();
        throw new IllegalStateException("txn " + txnId + " in " + from + " cannot take cash");
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO banknote (note_id, txn_id, note_value, stacked_at) VALUES (?,?,?,?)")) {
        ps.setString(1, noteId);
        ps.setString(2, txnId);
        ps.setLong(3, value);
        ps.setObject(4, now);
        ps.executeUpdate();
      }
      CashBox.count(c, value);
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE note_escrow SET note_id = ? WHERE id = (SELECT MAX(id) FROM note_escrow"
                  + " WHERE txn_id = ? AND note_value = ? AND note_id IS NULL)")) {
        ps.setString(1, noteId);
        ps.setString(2, txnId);
        ps.setLong(3, value);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE recharge SET paid = paid + ?, state = 'PAYING', payment_method = 'cash',"
                  + " transitions = transitions + 1, updated_at = ? WHERE txn_id = ?")) {
        ps.setLong(1, value);
        ps.setObject(2, now);
        ps.setString(3, txnId);
        ps.executeUpdate();
      }
      outbox.append(
          c,
          new PendingEvent(
              "cash.accepted", Map.of("txnId", txnId, "noteId", noteId, "value", value)),
          now,
          json);
      audit(c, txnId, from, TxnState.PAYING, "banknote " + value + " fen", now);
      commit(c, TxnState.PAYING);
    } catch (SQLException e) {
      throw new JournalException("could not credit banknote " + noteId + " to txn " + txnId, e);
    }
    outbox.notifyAppended(1);
    return true;
  }

  /**
   * Records that a note of {@code value} for {@code txnId} is being sent to the stacker, durably,
   * before STACK goes out. No crash point: the row only informs the power-up reconciliation.
   */
  public synchronized void recordEscrow(String txnId, long value) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO note_escrow (txn_id, note_value, escrowed_at) VALUES (?,?,?)")) {
      ps.setString(1, txnId);
      ps.setLong(2, value);
      ps.setObject(3, now());
      ps.executeUpdate();
      db.commitDurably(c);
    } catch (SQLException e) {
      throw new JournalException("could not record the escrow of a note for " + txnId, e);
    }
  }

  /** The newest note sent to the stacker and whether its credit was committed. */
  public BillListener.LastEscrow lastEscrow() {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT txn_id, note_value, note_id FROM note_escrow ORDER BY id DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      BillListener.LastEscrow last =
          rs.next()
              ? new BillListener.LastEscrow(
                  true, rs.getString(3) != null, rs.getLong(2), rs.getString(1))
              : BillListener.LastEscrow.UNKNOWN;
      c.rollback();
      return last;
    } catch (SQLException e) {
      throw new JournalException("could not read the last escrowed note", e);
    }
  }

  /** Appends events that belong to no transition (faults, alerts), durably. */
  public synchronized void record(List<PendingEvent> events) {
    OffsetDateTime now = now();
    try (Connection c = db.connection()) {
      for (PendingEvent e : events) {
        outbox.append(c, e, now, json);
      }
      db.commitDurably(c);
    } catch (SQLException e) {
      throw new JournalException("could not record " + events.size() + " events", e);
    }
    outbox.notifyAppended(events.size());
  }

  /**
   * Work done inside one journal transaction: SQL on {@code c}, events to append to {@code events}.
   */
  interface Work<T> {
    T run(Connection c, OffsetDateTime now, List<PendingEvent> events) throws SQLException;
  }

  /**
   * Runs {@code work} and appends the events it produced in one durable transaction, serialised
   * with every other journal write (outbox seqs must become visible in order).
   */
  synchronized <T> T transact(String what, Work<T> work) {
    OffsetDateTime now = now();
    List<PendingEvent> events = new ArrayList<>();
    T result;
    try (Connection c = db.connection()) {
      result = work.run(c, now, events);
      for (PendingEvent e : events) {
        outbox.append(c, e, now, json);
      }
      db.commitDurably(c);
    } catch (SQLException e) {
      throw new JournalException("could not " + what, e);
    }
    outbox.notifyAppended(events.size());
    return result;
  }

  /** Runs a read-only {@code work} on its own connection. */
  <T> T read(String what, Work<T> work) {
    try (Connection c = db.connection()) {
      T result = work.run(c, now(), new ArrayList<>());
      c.rollback();
      return result;
    } catch (SQLException e) {
      throw new JournalException("could not " + what, e);
    }
  }

  /**
   * Appends {@code event} durably unless an event was already recorded under {@code onceKey} (a
   * fact reported once, such as one meter reading of a card seen at every insertion).
   *
   * @return whether the event was recorded now
   */
  public synchronized boolean recordOnce(String onceKey, PendingEvent event) {
    OffsetDateTime now = now();
    try (Connection c = db.connection()) {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT 1 FROM recorded_once WHERE once_key = ?")) {
        ps.setString(1, onceKey);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            c.rollback();
            return false;
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO recorded_once (once_key, event_type, recorded_at) VALUES (?,?,?)")) {
        ps.setString(1, onceKey);
        ps.setString(2, event.type());
        ps.setObject(3, now);
        ps.executeUpdate();
      }
      outbox.append(c, event, now, json);
      crash.reached("before-commit:" + event.type());
      db.commitDurably(c);
      crash.reached("after-commit:" + event.type());
    } catch (SQLException e) {
      throw new JournalException("could not record " + event.type() + " once", e);
    }
    outbox.notifyAppended(1);
    return true;
  }

  public Optional<Txn> find(String txnId) {
    return query("SELECT * FROM recharge WHERE txn_id = ?", txnId).stream().findFirst();
  }

  /** Every transaction not in a terminal state, oldest first. */
  public List<Txn> unfinished() {
    return query(
        "SELECT * FROM recharge WHERE state NOT IN ('COMPLETED','CANCELLED','LOADED_ELSEWHERE')"
            + " ORDER BY created_at, txn_id");
  }

  /** Unfinished transactions of one card, oldest first. */
  public List<Txn> unfinishedFor(String cardNo) {
    return unfinished().stream().filter(t -> t.cardNo().equals(cardNo)).toList();
  }

  /** Every transaction, oldest first (for checkers, settlement and the simulator). */
  public List<Txn> all() {
    return query("SELECT * FROM recharge ORDER BY created_at, txn_id");
  }

  /** Whether the note with this driver id was already credited (a repeated VEND VALID). */
  public boolean noteCredited(String noteId) {
    try (Connection c = db.connection()) {
      boolean credited = noteCredited(c, noteId);
      c.rollback();
      return credited;
    } catch (SQLException e) {
      throw new JournalException("could not look up banknote " + noteId, e);
    }
  }

  /** Every banknote credited to {@code txnId}. */
  public long banknoteTotal(String txnId) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COALESCE(SUM(note_value),0) FROM banknote WHERE txn_id = ?")) {
      ps.setString(1, txnId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new JournalException("could not sum banknotes of " + txnId, e);
    }
  }

  private List<Txn> query(String sql, Object... args) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Txn> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(TxnRows.read(rs));
        }
      }
      c.rollback();
      return out;
    } catch (SQLException e) {
      throw new JournalException("journal query failed: " + sql, e);
    }
  }

  TxnState lockState(Connection c, String txnId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT state FROM recharge WHERE txn_id = ? FOR UPDATE")) {
      ps.setString(1, txnId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no such txn " + txnId);
        }
        return TxnState.valueOf(rs.getString(1));
      }
    }
  }

  private static boolean noteCredited(Connection c, String noteId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM banknote WHERE note_id = ?")) {
      ps.setString(1, noteId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void update(Connection c, String txnId, Change change, OffsetDateTime now)
      throws SQLException {
    for (String column : change.columns().keySet()) {
      if (!COLUMNS.contains(column)) {
        throw new IllegalArgumentException("not a settable journal column: " + column);
      }
    }
    String sets =
        change.columns().keySet().stream().map(k -> k + " = ?, ").collect(Collectors.joining());
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE recharge SET "
                + sets
                + "state = ?, transitions = transitions + 1, updated_at = ? WHERE txn_id = ?")) {
      int i = 1;
      for (Object value : change.columns().values()) {
        ps.setObject(i++, toSql(value));
      }
      ps.setString(i++, change.target().name());
      ps.setObject(i++, now);
      ps.setString(i, txnId);
      ps.executeUpdate();
    }
  }

  private Object toSql(Object value) {
    if (value instanceof LocalDateTime t) {
      return Timestamp.valueOf(t);
    } else if (value instanceof List<?> list) {
      return list.stream().map(Object::toString).collect(Collectors.joining(","));
    } else if (value instanceof Map<?, ?> map) {
      try {
        return json.writeValueAsString(map);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("not JSON-ready: " + map, e);
      }
    }
    return value;
  }

  void audit(
      Connection c, String txnId, TxnState from, TxnState to, String detail, OffsetDateTime at)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO transition (txn_id, from_state, to_state, at, detail) VALUES (?,?,?,?,?)")) {
      ps.setString(1, txnId);
      ps.setString(2, from == null ? null : from.name());
      ps.setString(3, to.name());
      ps.setObject(4, at);
      ps.setString(5, detail.length() > 400 ? detail.substring(0, 400) : detail);
      ps.executeUpdate();
    }
  }

  private void commit(Connection c, TxnState target) throws SQLException {
    commit(c, target.name());
  }

  /**
   * A durable commit with its crash points named {@code before-commit:label}, {@code after-...}.
   */
  void commit(Connection c, String label) throws SQLException {
    crash.reached("before-commit:" + label);
    db.commitDurably(c);
    crash.reached("after-commit:" + label);
  }

  // For QrJournal, which shares this journal's database, lock, outbox and audit trail.
  JournalDatabase db() {
    return db;
  }

  Outbox outboxRows() {
    return outbox;
  }

  ObjectMapper json() {
    return json;
  }

  OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /**
   * A short reference for receipts and the hotline: "R" and the first 10 hex digits of the txnId,
   * upper case.
   */
  static String referenceOf(String txnId) {
    return "R" + txnId.replace("-", "").substring(0, 10).toUpperCase(Locale.ROOT);
  }

  /** States in which a transaction holds a resident's money that is not (yet) on the card. */
  public static final Set<TxnState> HOLDING_MONEY =
      EnumSet.of(TxnState.PAYING, TxnState.PAID, TxnState.AUTHORIZED, TxnState.PENDING_CREDIT);
}
