package org.gaskiosk.core.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The QR payments of the recharge journal ({@code qr_payment}): each status is committed durably
 * before the request it announces leaves the kiosk, in the recharge journal's database and under
 * its lock, so QR rows, recharge rows and outbox rows commit in one order.
 */
public final class QrJournal {
  private final RechargeJournal journal;

  public QrJournal(RechargeJournal journal) {
    this.journal = journal;
  }

  /** What {@link #credit} did. */
  public enum Credit {
    /** The money is now the transaction's: paid = money, state PAYING, qr.paid in the outbox. */
    CREDITED,
    /** Credited before (a repeated answer or a duplicate notification): nothing changed. */
    ALREADY,
    /** The transaction can no longer take money (it was cancelled): the caller must report it. */
    REFUSED
  }

  /** The intent: committed before qr.charge or qr.create is sent. */
  public void begin(String txnId, String method, long money, String codeMasked) {
    if (money <= 0) {
      throw new IllegalArgumentException("a QR payment has a positive amount: " + money);
    }
    synchronized (journal) {
      OffsetDateTime now = journal.now();
      try (Connection c = journal.db().connection()) {
        TxnState state = journal.lockState(c, txnId);
        if (state != TxnState.QUOTED) {
          c.rollback();
          throw new IllegalStateException("txn " + txnId + " in " + state + " cannot start QR");
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO qr_payment (txn_id, method, status, money, code_masked, created_at,"
                    + " updated_at) VALUES (?,?,?,?,?,?,?)")) {
          ps.setString(1, txnId);
          ps.setString(2, method);
          ps.setString(3, QrStatus.REQUESTED.name());
          ps.setLong(4, money);
          ps.setString(5, codeMasked);
          ps.setObject(6, now);
          ps.setObject(7, now);
          ps.executeUpdate();
        }
        journal.audit(
            c, txnId, state, state, "qr " + method + " requested, " + money + " fen", now);
        journal.commit(c, "QR_" + QrStatus.REQUESTED);
      } catch (SQLException e) {
        throw new JournalException("could not record the QR payment of " + txnId, e);
      }
    }
  }

  /**
   * Moves an open QR payment to {@code status} (not PAID: see {@link #credit}); {@code payload} and
   * {@code expiresAt} may be null. A payment already final stays as it is.
   *
   * @return the row after the call
   */
  public QrPayment mark(
      String txnId, QrStatus status, String reason, String payload, Instant expiresAt) {
    if (status == QrStatus.PAID || status == QrStatus.REQUESTED) {
      throw new IllegalArgumentException("use credit() or begin() for " + status);
    }
    synchronized (journal) {
      OffsetDateTime now = journal.now();
      try (Connection c = journal.db().connection()) {
        TxnState state = journal.lockState(c, txnId);
        QrStatus before = status(c, txnId);
        if (!before.isOpen()) {
          c.rollback();
          return find(txnId).orElseThrow();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE qr_payment SET status = ?, reason = COALESCE(?, reason),"
                    + " payload = COALESCE(?, payload), expires_at = COALESCE(?, expires_at),"
                    + " updated_at = ? WHERE txn_id = ?")) {
          ps.setString(1, status.name());
          ps.setString(2, clip(reason));
          ps.setString(3, payload);
          ps.setObject(
              4, expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
          ps.setObject(5, now);
          ps.setString(6, txnId);
          ps.executeUpdate();
        }
        journal.audit(c, txnId, state, state, "qr " + before + " -> " + status + why(reason), now);
        journal.commit(c, "QR_" + status);
      } catch (SQLException e) {
        throw new JournalException(
            "could not move the QR payment of " + txnId + " to " + status, e);
      }
    }
    return find(txnId).orElseThrow();
  }

  /**
   * Credits the money the provider took to the transaction, exactly once: the QR row PAID, the
   * recharge's paid = money and state PAYING, and a {@code qr.paid} event, in one transaction.
   */
  public Credit credit(String txnId, String paymentId, long money) {
    Credit result;
    synchronized (journal) {
      OffsetDateTime now = journal.now();
      try (Connection c = journal.db().connection()) {
        TxnState state = journal.lockState(c, txnId);
        QrPayment row =
            read(c, txnId)
                .orElseThrow(() -> new IllegalStateException("no QR payment for " + txnId));
        if (row.status() == QrStatus.PAID) {
          c.rollback();
          return Credit.ALREADY;
        }
        if (!state.canMoveTo(TxnState.PAYING) || state == TxnState.PAYING) {
          c.rollback();
          return Credit.REFUSED;
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE qr_payment SET status = 'PAID', payment_id = ?, money = ?, updated_at = ?"
                    + " WHERE txn_id = ?")) {
          ps.setString(1, paymentId);
          ps.setLong(2, money);
          ps.setObject(3, now);
          ps.setString(4, txnId);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE recharge SET paid = paid + ?, state = 'PAYING', payment_method = ?,"
                    + " transitions = transitions + 1, updated_at = ? WHERE txn_id = ?")) {
          ps.setLong(1, money);
          ps.setString(2, row.method());
          ps.setObject(3, now);
          ps.setString(4, txnId);
          ps.executeUpdate();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("txnId", txnId);
        body.put("paymentId", paymentId);
        body.put("money", money);
        body.put("method", row.method());
        journal.outboxRows().append(c, new PendingEvent("qr.paid", body), now, journal.json());
        journal.audit(
            c, txnId, state, TxnState.PAYING, "qr paid " + money + " fen, " + paymentId, now);
        journal.commit(c, "QR_" + QrStatus.PAID);
        result = Credit.CREDITED;
      } catch (SQLException e) {
        throw new JournalException("could not credit the QR payment of " + txnId, e);
      }
    }
    journal.outboxRows().notifyAppended(1);
    return result;
  }

  public Optional<QrPayment> find(String txnId) {
    try (Connection c = journal.db().connection()) {
      Optional<QrPayment> row = read(c, txnId);
      c.rollback();
      return row;
    } catch (SQLException e) {
      throw new JournalException("could not read the QR payment of " + txnId, e);
    }
  }

  /** Every QR payment whose outcome the kiosk does not know yet, oldest first. */
  public List<QrPayment> open() {
    List<QrPayment> out = new ArrayList<>();
    try (Connection c = journal.db().connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT * FROM qr_payment WHERE status IN ('REQUESTED','CONFIRMING','SHOWN',"
                    + "'CANCELLING') ORDER BY created_at, txn_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row(rs));
      }
      c.rollback();
      return out;
    } catch (SQLException e) {
      throw new JournalException("could not list open QR payments", e);
    }
  }

  private static QrStatus status(Connection c, String txnId) throws SQLException {
    return read(c, txnId)
        .map(QrPayment::status)
        .orElseThrow(() -> new IllegalStateException("no QR payment for " + txnId));
  }

  private static Optional<QrPayment> read(Connection c, String txnId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM qr_payment WHERE txn_id = ?")) {
      ps.setString(1, txnId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static QrPayment row(ResultSet rs) throws SQLException {
    OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
    return new QrPayment(
        rs.getString("txn_id"),
        rs.getString("method"),
        QrStatus.valueOf(rs.getString("status")),
        rs.getLong("money"),
        rs.getString("code_masked"),
        rs.getString("payment_id"),
        rs.getString("payload"),
        expires == null ? null : expires.toInstant(),
        rs.getString("reason"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }

  private static String why(String reason) {
    return reason == null ? "" : ": " + reason;
  }

  private static String clip(String s) {
    return s == null || s.length() <= 400 ? s : s.substring(0, 400);
  }
}
