package org.gaskiosk.sim.chaos;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaskiosk.sim.card.PurseImage;
import org.gaskiosk.sim.central.InProcessCentral;

/**
 * The invariants of shared/design/architecture.md, asserted across every kiosk's journal, cash box
 * and outbox, every card's EEPROM and the central ledger:
 *
 * <ol>
 *   <li>money received (the cash boxes) = value loaded + value pending + value refunded (a person
 *       reconciling a cash box the driver flagged); no cancelled transaction holds money ({@link
 *       MoneyChecks}; QR money per payment, {@link QrChecks});
 *   <li>a card's value grows by exactly the sum of its loads, its purse sequence by their number (a
 *       load whose answer was lost may or may not be on the card until the card is seen again,
 *       {@link CardChecks}); a pending credit's value is loaded once, at its own kiosk or picked up
 *       at another, never both ({@link PendingCreditChecks});
 *   <li>once a kiosk's outbox is drained, the central ledger counts exactly its cash, its loads and
 *       its pending credits ({@link CentralChecks}).
 * </ol>
 *
 * And, after the finale, the {@link FinalAudit}. The journals are read through {@link
 * JournalReads}; every rule counts its checks in one {@link CheckTally}.
 */
final class Checker implements AutoCloseable {
  private final List<ChaosKiosk> kiosks;
  private final JournalReads journal = new JournalReads();
  private final CheckTally tally = new CheckTally();
  private final MoneyChecks money;
  private final QrChecks qr;
  private final CardChecks cards;
  private final PendingCreditChecks pending;
  private final CentralChecks centralChecks;
  private final FinalAudit finalAudit;

  Checker(List<ChaosKiosk> kiosks, InProcessCentral central) {
    this.kiosks = kiosks;
    this.money = new MoneyChecks(journal, tally);
    this.qr = new QrChecks(journal, central, tally);
    this.cards = new CardChecks(journal, tally);
    this.pending = new PendingCreditChecks(kiosks, journal, tally);
    this.centralChecks = new CentralChecks(kiosks, journal, central, tally);
    this.finalAudit = new FinalAudit(kiosks, journal, central, tally, money, qr, pending);
  }

  /** Remembers a card's starting point (call before the first session). */
  void track(String cardNo, PurseImage image) {
    cards.track(cardNo, image);
  }

  /** The gas meter took {@code value} off the card (outside any kiosk). */
  void consumed(String cardNo, long value) {
    cards.consumed(cardNo, value);
  }

  long passed() {
    return tally.passed();
  }

  long failed() {
    return tally.failed();
  }

  long reconciledTotal() {
    return money.reconciledTotal();
  }

  /**
   * A person counts a cash box the driver flagged against the journal and refunds the difference.
   *
   * @return the amount refunded, or -1 when the driver flagged nothing
   */
  long staffReconcile(ChaosKiosk k) throws SQLException {
    return money.staffReconcile(k);
  }

  /**
   * Every invariant that must hold between steps (1 and 2); returns the violations. The order of
   * the checks is the order of the violations reported and traced: keep it.
   */
  List<String> check(Map<String, PurseImage> cardImages) throws SQLException {
    List<String> v = new ArrayList<>();
    CardChecks.Loads loads = new CardChecks.Loads();
    for (ChaosKiosk k : kiosks) {
      money.checkCashBox(v, k);
      qr.check(v, k);
      money.checkTransactions(v, k);
      cards.read(k, loads);
    }
    cards.check(v, cardImages, loads);
    pending.check(v);
    return v;
  }

  /**
   * Invariant 3: once a kiosk's outbox is empty, the central ledger must agree with its journal.
   */
  List<String> checkCentral() throws SQLException {
    return centralChecks.check();
  }

  /** After every pending credit's card came back: nothing owed, every fen accounted for. */
  List<String> checkFinal() throws SQLException {
    return finalAudit.check();
  }

  @Override
  public void close() {
    journal.close();
  }
}
