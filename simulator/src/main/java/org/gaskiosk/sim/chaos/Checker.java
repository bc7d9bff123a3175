package org.gaskiosk.sim.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gaskiosk.sim.card.PurseImage;
import org.gaskiosk.sim.card.SimCardImage;
import org.gaskiosk.sim.central.InProcessCentral;
import org.gaskiosk.sim.central.LedgerSnapshot;

/**
 * The invariants of shared/design/architecture.md, asserted across every kiosk's journal, cash box
 * and outbox, every card's EEPROM and the central ledger:
 *
 * <ol>
 *   <li>money received (the cash boxes) = value loaded + value pending + value refunded (a person
 *       reconciling a cash box the driver flagged); no cancelled transaction holds money;
 *   <li>a card's value grows by exactly the sum of its loads, its purse sequence by their number (a
 *       load whose answer was lost may or may not be on the card until the card is seen again); a
 *       pending credit's value is loaded once, at its own kiosk or picked up at another, never
 *       both;
 *   <li>once a kiosk's outbox is drained, the central ledger counts exactly its cash, its loads and
 *       its pending credits.
 * </ol>
 *
 * The journal is read with plain SQL on its own connection (a checker looks at what is committed,
 * and aggregates keep a 10,000-session run linear).
 */
final class Checker implements AutoCloseable {
  private static final String LOADED = "('COMPLETED','LOADED')";
  private static final Set<String> OPEN_QR =
      Set.of("REQUESTED", "CONFIRMING", "SHOWN", "CANCELLING");

  /** A card's history outside the kiosks: where it started and what the gas meter took off it. */
  private static final class CardBook {
    final long initialBalance;
    final int initialSequence;
    long consumed;

    CardBook(long balance, int sequence) {
      this.initialBalance = balance;
      this.initialSequence = sequence;
    }
  }

  private final List<ChaosKiosk> kiosks;
  private final InProcessCentral central;
  private final Map<String, CardBook> cards = new LinkedHashMap<>();
  private final Map<String, Connection> connections = new HashMap<>();
  private final Map<String, Long> reconciled = new HashMap<>();
  private final Map<String, String> pickupOfPending = new HashMap<>();
  private final Set<String> settledPickups = new HashSet<>();
  private final Set<String> watched = new java.util.LinkedHashSet<>();
  private long passed;
  private long failed;

  Checker(List<ChaosKiosk> kiosks, InProcessCentral central) {
    this.kiosks = kiosks;
    this.central = central;
  }

  /** Remembers a card's starting point (call before the first session). */
  void track(String cardNo, PurseImage image) {
    cards.put(cardNo, new CardBook(image.balance(), image.onlineSequence()));
  }

  /** The gas meter took {@code value} off the card (outside any kiosk). */
  void consumed(String cardNo, long value) {
    cards.get(cardNo).consumed += value;
  }

  long passed() {
    return passed;
  }

  long failed() {
    return failed;
  }

  long reconciledTotal() {
    return reconciled.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * A person counts a cash box the driver flagged (a note may be in it without a credit) against
   * the journal and refunds the difference: the only way money may leave invariant 1's books.
   *
   * @return the amount refunded
   */
  long staffReconcile(ChaosKiosk k) throws SQLException {
    if (!k.cash.takeReconciliationRequest()) {
      return -1;
    }
    long counted = k.cash.cashBoxTotal() - journalNotes(k);
    long before = reconciled.getOrDefault(k.id, 0L);
    reconciled.put(k.id, counted);
    k.cash.reconciled();
    return counted - before;
  }

  /** Every invariant that must hold between steps; returns the violations. */
  List<String> check(Map<String, PurseImage> cardImages) throws SQLException {
    List<String> v = new ArrayList<>();
    Map<String, long[]> loadedByCard = new HashMap<>();
    Map<String, List<Long>> writingByCard = new HashMap<>();
    for (ChaosKiosk k : kiosks) {
      long notes = journalNotes(k);
      long box = k.cash.cashBoxTotal();
      long refunded = reconciled.getOrDefault(k.id, 0L);
      expect(
          v,
          box == notes + refunded,
          k.id
              + ": cash box holds "
              + box
              + " fen but the journal credited "
              + notes
              + " and staff refunded "
              + refunded);
      long qr = journalQr(k);
      long paid = single(k, "SELECT COALESCE(SUM(paid),0) FROM recharge");
      expect(
          v,
          paid == notes + qr,
          k.id + ": txns say " + paid + " fen paid, banknotes " + notes + ", QR credited " + qr);
      checkQr(v, k);
      long cancelledWithMoney =
          single(k, "SELECT COUNT(*) FROM recharge WHERE state='CANCELLED' AND paid>0");
      expect(
          v,
          cancelledWithMoney == 0,
          k.id + ": " + cancelledWithMoney + " cancelled txns hold money");
      long wrongMoney =
          single(
              k,
              "SELECT COUNT(*) FROM recharge WHERE kind='PURCHASE' AND money<>paid AND state IN"
                  + " ('COMPLETED','LOADED','PENDING_CREDIT','LOADED_ELSEWHERE')");
      expect(
          v,
          wrongMoney == 0,
          k.id
              + ": "
              + wrongMoney
              + " purchases loaded or pending a value other than the money paid");
      try (PreparedStatement ps =
              conn(k)
                  .prepareStatement(
                      "SELECT card_no, SUM(amount), COUNT(*) FROM recharge WHERE state IN "
                          + LOADED
                          + " GROUP BY card_no");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long[] sum = loadedByCard.computeIfAbsent(rs.getString(1), c -> new long[2]);
          sum[0] += rs.getLong(2);
          sum[1] += rs.getLong(3);
        }
      }
      try (PreparedStatement ps =
              conn(k)
                  .prepareStatement("SELECT card_no, amount FROM recharge WHERE state='WRITING'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          writingByCard.computeIfAbsent(rs.getString(1), c -> new ArrayList<>()).add(rs.getLong(2));
        }
      }
    }
    for (Map.Entry<String, CardBook> e : cards.entrySet()) {
      String cardNo = e.getKey();
      CardBook book = e.getValue();
      PurseImage image = cardImages.get(cardNo);
      long[] loaded = loadedByCard.getOrDefault(cardNo, new long[2]);
      long valueDiff = image.balance() - (book.initialBalance - book.consumed + loaded[0]);
      long seqDiff = image.onlineSequence() - (book.initialSequence + loaded[1]);
      List<Long> uncertain = writingByCard.getOrDefault(cardNo, List.of());
      expect(
          v,
          explainedByUncertain(valueDiff, seqDiff, uncertain),
          "card "
              + cardNo
              + ": value "
              + image.balance()
              + " and sequence "
              + image.onlineSequence()
              + " differ from its loads by "
              + valueDiff
              + " and "
              + seqDiff
              + " (uncertain loads "
              + uncertain
              + ")");
    }
    checkPendingLoadedOnce(v);
    return v;
  }

  /** Once a kiosk's outbox is empty, the central ledger must agree with its journal. */
  List<String> checkCentral() throws SQLException {
    List<String> v = new ArrayList<>();
    for (ChaosKiosk k : kiosks) {
      if (k.journal.outbox().depth() != 0) {
        continue;
      }
      long notes = journalNotes(k);
      long qr = journalQr(k);
      long counted = central.paymentsTotal(k.id);
      expect(
          v,
          counted == notes + qr,
          k.id
              + ": central counted "
              + counted
              + " fen cash and QR, journal "
              + notes
              + " + QR "
              + qr);
      long[] loads = central.loadsOf(k.id);
      long n = single(k, "SELECT COUNT(*) FROM recharge WHERE state='COMPLETED'");
      long money = single(k, "SELECT COALESCE(SUM(money),0) FROM recharge WHERE state='COMPLETED'");
      // A load this kiosk left uncertain (WRITING) that another kiosk found on the card is booked
      // as this kiosk's load at once; this journal learns it only when the card comes back.
      long[] resolved = resolvedElsewhereApplied(k);
      n += resolved[0];
      money += resolved[1];
      expect(
          v,
          loads[0] == n && loads[1] == money,
          k.id
              + ": central has "
              + loads[0]
              + " loads worth "
              + loads[1]
              + ", journal "
              + n
              + " worth "
              + money);
      try (PreparedStatement ps =
              conn(k).prepareStatement("SELECT txn_id FROM recharge WHERE state='PENDING_CREDIT'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String txn = rs.getString(1);
          expect(
              v,
              central.pendingCredit(txn).isPresent(),
              k.id + ": a pending credit the central system never heard of");
        }
      }
    }
    expect(v, central.rejected() == 0, "central rejected " + central.rejected() + " messages");
    return v;
  }

  /** This kiosk's WRITING loads that the central booked as applied on another kiosk's evidence. */
  private long[] resolvedElsewhereApplied(ChaosKiosk k) throws SQLException {
    long n = 0;
    long money = 0;
    try (PreparedStatement ps =
            conn(k).prepareStatement("SELECT txn_id, money FROM recharge WHERE state='WRITING'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String txn = rs.getString(1);
        boolean applied =
            central
                .uncertainLoad(txn)
                .map(u -> u.status().equals("applied") && !k.id.equals(u.resolvedBy()))
                .orElse(false);
        if (applied && central.load(txn).isPresent()) {
          n++;
          money += rs.getLong(2);
        }
      }
    }
    return new long[] {n, money};
  }

  /** After every pending credit's card came back: nothing owed, every fen accounted for. */
  List<String> checkFinal() throws SQLException {
    List<String> v = new ArrayList<>();
    long box = 0;
    long qrKept = 0;
    long loadedFromCash = 0;
    long loadedElsewhere = 0;
    for (ChaosKiosk k : kiosks) {
      long open =
          single(
              k,
              "SELECT COUNT(*) FROM recharge WHERE state NOT IN"
                  + " ('COMPLETED','CANCELLED','LOADED_ELSEWHERE')");
      expect(
          v,
          open == 0,
          k.id + ": " + open + " txns still owed after every card came back: " + owed(k));
      expect(v, k.journal.outbox().depth() == 0, k.id + ": outbox not drained");
      box += k.cash.cashBoxTotal();
      long openQr =
          single(
              k,
              "SELECT COUNT(*) FROM qr_payment WHERE status IN"
                  + " ('REQUESTED','CONFIRMING','SHOWN','CANCELLING')");
      expect(v, openQr == 0, k.id + ": " + openQr + " QR payments still open at the end");
      long kept = providerKept(k);
      qrKept += kept;
      long credited = journalQr(k);
      expect(
          v,
          kept == credited,
          k.id
              + ": the provider kept "
              + kept
              + " fen of QR money, the kiosk credited "
              + credited);
      loadedFromCash +=
          single(
              k,
              "SELECT COALESCE(SUM(money),0) FROM recharge WHERE kind='PURCHASE' AND"
                  + " state='COMPLETED'");
      // Cash only: a pickup of online orders that ends "loaded elsewhere" (another kiosk read from
      // the card that it never applied, and the orders were loaded by a later pickup) carried no
      // cash of this kiosk; checkPickupsLoadedElsewhere follows its orders instead.
      loadedElsewhere +=
          single(
              k,
              "SELECT COALESCE(SUM(money),0) FROM recharge WHERE kind='PURCHASE' AND"
                  + " state='LOADED_ELSEWHERE'");
      long elsewhere =
          single(
              k,
              "SELECT COUNT(*) FROM recharge WHERE kind='PURCHASE' AND state='LOADED_ELSEWHERE'");
      checkPickupsLoadedElsewhere(k, v);
      long pickedUp = 0;
      try (PreparedStatement ps =
              conn(k)
                  .prepareStatement(
                      "SELECT txn_id FROM recharge WHERE kind='PURCHASE' AND"
                          + " state='LOADED_ELSEWHERE'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (pickupOfPending.containsKey(rs.getString(1))) {
            pickedUp++;
          }
        }
      }
      expect(
          v,
          pickedUp == elsewhere,
          k.id
              + ": "
              + (elsewhere - pickedUp)
              + " credits 'loaded elsewhere' that no pickup loaded");
    }
    long refunded = reconciledTotal();
    expect(
        v,
        box + qrKept == loadedFromCash + loadedElsewhere + refunded,
        "money in "
            + box
            + " fen cash + "
            + qrKept
            + " fen QR != loaded "
            + loadedFromCash
            + " + picked up elsewhere "
            + loadedElsewhere
            + " + refunded "
            + refunded);
    expect(
        v,
        central.openPendingOrders() == 0,
        "central still holds " + central.openPendingOrders() + " open pending credits");
    return v;
  }

  /**
   * A pickup that ended "loaded elsewhere" wrote nothing: each of its orders must have been picked
   * up by another transaction.
   */
  private void checkPickupsLoadedElsewhere(ChaosKiosk k, List<String> v) throws SQLException {
    try (PreparedStatement ps =
            conn(k)
                .prepareStatement(
                    "SELECT txn_id, order_ids FROM recharge WHERE kind='PICKUP' AND"
                        + " state='LOADED_ELSEWHERE'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String txn = rs.getString(1);
        String orders = rs.getString(2);
        for (String order : orders == null ? new String[0] : orders.split(",")) {
          if (order.isBlank()) {
            continue;
          }
          boolean elsewhere =
              central
                  .order(order)
                  .map(
                      o ->
                          o.status() == LedgerSnapshot.OrderStatus.PICKED_UP
                              && !txn.equals(o.txnId()))
                  .orElse(false);
          expect(
              v,
              elsewhere,
              k.id
                  + ": pickup "
                  + txn
                  + " ended 'loaded elsewhere' but its order "
                  + order
                  + " was not picked up by another transaction");
        }
      }
    }
  }

  private void checkPendingLoadedOnce(List<String> v) throws SQLException {
    for (ChaosKiosk k : kiosks) {
      try (PreparedStatement ps =
              conn(k)
                  .prepareStatement(
                      "SELECT txn_id, order_ids FROM recharge WHERE kind='PICKUP' AND state IN "
                          + LOADED
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
            expect(v, other == null, "a pending credit was picked up twice");
            watched.add(txn);
          }
        }
      }
    }
    // A picked-up credit must end "loaded elsewhere" at its own kiosk, never loaded there too.
    for (var it = watched.iterator(); it.hasNext(); ) {
      String txn = it.next();
      for (ChaosKiosk k : kiosks) {
        String state = stateOf(k, txn);
        if (state == null) {
          continue;
        }
        expect(
            v,
            !state.equals("COMPLETED") && !state.equals("LOADED"),
            k.id + ": a pending credit loaded by its kiosk and picked up elsewhere");
        if (state.equals("LOADED_ELSEWHERE")) {
          it.remove();
        }
      }
    }
  }

  private String stateOf(ChaosKiosk k, String txnId) throws SQLException {
    try (PreparedStatement ps =
        conn(k).prepareStatement("SELECT state FROM recharge WHERE txn_id = ?")) {
      ps.setString(1, txnId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static boolean explainedByUncertain(long valueDiff, long seqDiff, List<Long> uncertain) {
    int n = Math.min(uncertain.size(), 12);
    for (int mask = 0; mask < (1 << n); mask++) {
      long value = 0;
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          value += uncertain.get(i);
        }
      }
      if (value == valueDiff && Integer.bitCount(mask) == seqDiff) {
        return true;
      }
    }
    return false;
  }

  /**
   * QR money, per payment: what the provider kept for this kiosk's transactions is credited to them
   * exactly (paid = money), or still on its way (the kiosk has not heard yet: its payment is open);
   * a payment the kiosk credited was taken and kept by the provider (not refunded, not cancelled);
   * a payment the kiosk closed without money holds none at the provider.
   */
  private void checkQr(List<String> v, ChaosKiosk k) throws SQLException {
    Map<String, org.gaskiosk.sim.central.QrCharge> charges = central.qrCharges();
    Map<String, String[]> rows = new HashMap<>();
    try (PreparedStatement ps =
            conn(k).prepareStatement("SELECT txn_id, status, money FROM qr_payment");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
      }
    }
    long kept = 0;
    long matched = 0;
    long inFlight = 0;
    for (org.gaskiosk.sim.central.QrCharge c : charges.values()) {
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
          expect(
              v,
              false,
              k.id
                  + ": the provider kept "
                  + c.money()
                  + " fen for a QR payment the kiosk "
                  + status);
        }
      } else {
        expect(
            v,
            !status.equals("PAID"),
            k.id
                + ": a QR payment credited by the kiosk is "
                + c.status()
                + " at the provider (loaded and refunded)");
        boolean moneyMayMove = c.status().equals("confirming") || c.status().equals("shown");
        expect(
            v,
            !moneyMayMove || OPEN_QR.contains(status),
            k.id + ": a QR payment the kiosk closed as " + status + " is still payable");
      }
    }
    expect(
        v,
        kept == matched + inFlight,
        k.id
            + ": the provider kept "
            + kept
            + " fen of QR money; credited "
            + matched
            + ", on its way "
            + inFlight);
    long credited = journalQr(k);
    expect(
        v,
        credited == matched,
        k.id
            + ": the kiosk credited "
            + credited
            + " fen of QR money, the provider kept "
            + matched);
  }

  private long providerKept(ChaosKiosk k) {
    return central.qrCharges().values().stream()
        .filter(c -> c.kioskId().equals(k.id) && c.status().equals("paid"))
        .mapToLong(org.gaskiosk.sim.central.QrCharge::money)
        .sum();
  }

  /** The transactions still owed, in words (for a violation's report). */
  private String owed(ChaosKiosk k) throws SQLException {
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

  /** QR money the kiosk credited to its transactions. */
  private long journalQr(ChaosKiosk k) throws SQLException {
    return single(k, "SELECT COALESCE(SUM(money),0) FROM qr_payment WHERE status='PAID'");
  }

  private long journalNotes(ChaosKiosk k) throws SQLException {
    return single(k, "SELECT COALESCE(SUM(note_value),0) FROM banknote");
  }

  private void expect(List<String> violations, boolean ok, String message) {
    if (ok) {
      passed++;
    } else {
      failed++;
      violations.add(message);
    }
  }

  private long single(ChaosKiosk k, String sql) throws SQLException {
    try (PreparedStatement ps = conn(k).prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Connection conn(ChaosKiosk k) throws SQLException {
    Connection c = connections.get(k.id);
    if (c == null || c.isClosed()) {
      c = DriverManager.getConnection(k.jdbcUrl, "kiosk", "");
      connections.put(k.id, c);
    }
    return c;
  }

  /** The images a check reads, as the holder slots have them now. */
  static PurseImage purse(SimCardImage image) {
    return (PurseImage) image;
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
