package org.gaskiosk.core.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.gaskiosk.core.journal.Change;
import org.gaskiosk.core.journal.PendingEvent;
import org.gaskiosk.core.journal.QrJournal;
import org.gaskiosk.core.journal.QrStatus;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.port.CodeScanner;
import org.gaskiosk.core.port.QrPaidNotice;
import org.gaskiosk.core.port.QrRequest;
import org.gaskiosk.core.port.QrResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QR payment of a purchase, both ways: the resident's wallet code read by the scanner and charged
 * with {@code qr.charge}, or a payment QR created with {@code qr.create}, shown, and paid
 * notification awaited. Engine thread only.
 *
 * <p>The rule it keeps: money the provider took is never lost. Every step is journaled before the
 * request it announces; when the kiosk gives up (timeout, cancel, card pulled, out of service) it
 * journals CANCELLING and asks the provider to cancel, and only a definite {@code cancelled} ends
 * the payment without money. A {@code paid} that comes back instead, or later as a notification, is
 * credited once and loaded, or becomes a pending credit. Payments the kiosk gave up on without an
 * answer are asked again until final ({@link #tick}), across restarts.
 */
final class QrPayment {
  private static final Logger log = LoggerFactory.getLogger(QrPayment.class);
  private static final Pattern PAYMENT_CODE = Pattern.compile("\\d{18}");
  static final String SCAN = "qr-scan";
  static final String SHOW = "qr-show";

  /** Where the resident's QR payment stands; wire names in docs/automation-api.md. */
  enum Phase {
    WAITING_CODE("waiting-code"),
    CHARGING("charging"),
    CONFIRMING("confirming"),
    SHOWN("shown"),
    DECLINED("declined"),
    UNCONFIRMED("unconfirmed");

    final String wire;

    Phase(String wire) {
      this.wire = wire;
    }
  }

  /** What giving up ended in. */
  enum GaveUp {
    /** No money moved: the purchase may be cancelled or paid otherwise. */
    NOTHING_TAKEN,
    /** The provider had taken the money: it was loaded or parked, and the outcome is on screen. */
    OUTCOME_SHOWN,
    /** The provider did not answer: the payment is left to reconciliation, the screen says so. */
    UNCONFIRMED
  }

  private static final class Session {
    final String txnId;
    final String method;
    final long money;
    final String reference;
    Phase phase;
    String code;
    String payload;
    Instant expiresAt;
    String message = "";
    Instant nextPollAt;
    int badScans;

    Session(String txnId, String method, long money, String reference, Phase phase) {
      this.txnId = txnId;
      this.method = method;
      this.money = money;
      this.reference = reference;
      this.phase = phase;
    }
  }

  private final CustomerFlow f;
  private final StartupRecovery recovery;
  private final QrJournal qj;
  private final QrSettings settings;
  private final CodeScanner scanner;
  private Session s;
  private Instant nextReconcile;

  QrPayment(CustomerFlow flow, StartupRecovery recovery, CodeScanner scanner, QrSettings settings) {
    this.f = flow;
    this.recovery = recovery;
    this.qj = new QrJournal(flow.journal);
    this.scanner = scanner;
    this.settings = settings;
  }

  // ---- the pay-method screen ----------------------------------------------------------------

  /** The payment methods the pay-method screen offers for the current purchase. */
  List<String> methods() {
    List<String> m = new ArrayList<>(List.of("cash"));
    // Offered only while the central system can be asked: the money moves there.
    if (f.txn != null && f.central.connected() && qj.find(f.txn.txnId()).isEmpty()) {
      if (scanner.present()) {
        m.add(SCAN);
      }
      m.add(SHOW);
    }
    return m;
  }

  void choose(String method) {
    if (qj.find(f.txn.txnId()).isPresent()) {
      throw new Refusal(
          409,
          "payment-unavailable",
          "a QR payment was already tried for this purchase; pay with cash or start again");
    }
    if (method.equals(SCAN) && !scanner.present()) {
      throw new Refusal(409, "payment-unavailable", "this kiosk has no QR code scanner");
    }
    if (!f.central.connected()) {
      throw new Refusal(
          503,
          "central-unreachable",
          "QR payment needs the gas company's system, which cannot be reached now; no money was"
              + " taken. Pay with cash or try again later.");
    }
    long money = f.quote.due().fen();
    String txnId = f.txn.txnId();
    if (method.equals(SCAN)) {
      s = new Session(txnId, SCAN, money, f.txn.reference(), Phase.WAITING_CODE);
      s.message = "Open the payment code in your wallet app and hold it under the scanner.";
      f.show(Screen.QR, Map.of());
      f.deadlineAt(f.clock.instant().plus(settings.scanTimeout()));
      return;
    }
    qj.begin(txnId, SHOW, money, null);
    s = new Session(txnId, SHOW, money, f.txn.reference(), Phase.CHARGING);
    f.show(Screen.QR, Map.of());
    QrResult r = ask(new QrRequest.Create(UUID.randomUUID().toString(), txnId, cardNo(), money));
    if (r instanceof QrResult.Created c) {
      qj.mark(txnId, QrStatus.SHOWN, null, c.payload(), c.expiresAt());
      s.phase = Phase.SHOWN;
      s.payload = c.payload();
      s.expiresAt = c.expiresAt();
      s.message = "Scan this code with your wallet app and pay.";
      Instant until = f.clock.instant().plus(settings.showTimeout());
      f.deadlineAt(c.expiresAt() != null && c.expiresAt().isBefore(until) ? c.expiresAt() : until);
    } else if (r instanceof QrResult.Paid p) {
      paid(p.paymentId(), p.money());
    } else if (r instanceof QrResult.Declined d) {
      declined(d);
    } else {
      // Unknown whether the provider created it: cancel it, so it can never be paid unseen.
      GaveUp g = giveUp("the payment QR could not be created: " + describe(r));
      if (g == GaveUp.NOTHING_TAKEN) {
        f.show(
            Screen.PAY_METHOD,
            Map.of("message", "QR payment is not available now; no money was taken."));
        f.deadlineAt(f.clock.instant().plus(f.config.choiceTimeout()));
      }
    }
  }

  // ---- scanner and notifications (handed to the engine thread) ------------------------------

  void onScan(String line) {
    if (s == null || f.screen != Screen.QR || s.phase != Phase.WAITING_CODE) {
      log.info("a scanned line was ignored: no QR payment waits for a code");
      return;
    }
    String code = line == null ? "" : line.strip();
    if (!PAYMENT_CODE.matcher(code).matches()) {
      s.badScans++;
      s.message =
          "That is not a payment code. Open the payment code (18 digits) in your wallet app and"
              + " show it to the scanner.";
      return;
    }
    qj.begin(s.txnId, SCAN, s.money, QrRequest.mask(code));
    s.code = code;
    s.phase = Phase.CHARGING;
    s.message = "Charging your wallet...";
    f.deadlineAt(f.clock.instant().plus(settings.confirmTimeout()));
    charge();
  }

  void onPaidNotice(QrPaidNotice n) {
    Optional<org.gaskiosk.core.journal.QrPayment> row = qj.find(n.txnId());
    if (row.isEmpty()) {
      log.warn("QR paid notice for txn {} which this kiosk never started: ignored", n.txnId());
      return;
    }
    if (row.get().status() == QrStatus.PAID) {
      log.info("QR paid notice for txn {} again: already credited", n.txnId());
      return;
    }
    if (isActive(n.txnId()) && s.phase != Phase.UNCONFIRMED) {
      paid(n.paymentId(), n.money());
      return;
    }
    lateCredit(n.txnId(), n.paymentId(), n.money(), "paid notification");
  }

  // ---- time ---------------------------------------------------------------------------------

  /** Every engine loop: polls a confirming charge, and reconciles payments the kiosk gave up on. */
  void tick() {
    Instant now = f.clock.instant();
    if (s != null
        && isActive(s.txnId)
        && (s.phase == Phase.CHARGING || s.phase == Phase.CONFIRMING)
        && s.nextPollAt != null
        && !now.isBefore(s.nextPollAt)) {
      s.nextPollAt = null;
      charge();
    }
    if (nextReconcile == null || !now.isBefore(nextReconcile)) {
      nextReconcile = now.plus(settings.reconcileInterval());
      for (org.gaskiosk.core.journal.QrPayment row : qj.open()) {
        if (!isActive(row.txnId())) {
          reconcile(row);
        }
      }
    }
  }

  /** The QR screen's deadline passed. */
  void timedOut() {
    if (s == null) {
      f.show(Screen.ACCOUNT, Map.of());
      return;
    }
    if (s.phase == Phase.UNCONFIRMED) {
      s = null;
      if (f.cardPresent) {
        f.show(Screen.ACCOUNT, Map.of());
      } else {
        f.toIdle();
      }
      return;
    }
    if (giveUp("timed out") == GaveUp.NOTHING_TAKEN) {
      f.show(Screen.ACCOUNT, Map.of());
    }
  }

  /** The resident pressed cancel on the QR screen. */
  void cancel() {
    if (s == null) {
      f.show(Screen.ACCOUNT, Map.of());
      return;
    }
    if (s.phase == Phase.DECLINED) {
      // The purchase stands; the resident may pay it with cash.
      s = null;
      f.show(Screen.PAY_METHOD, Map.of());
      f.deadlineAt(f.clock.instant().plus(f.config.choiceTimeout()));
      return;
    }
    if (s.phase == Phase.UNCONFIRMED) {
      s = null;
      f.show(Screen.ACCOUNT, Map.of());
      return;
    }
    if (giveUp("cancelled by resident") == GaveUp.NOTHING_TAKEN) {
      f.show(Screen.ACCOUNT, Map.of());
    }
  }

  /**
   * The card left while the QR screen was up.
   *
   * @return true when the outcome is on screen; false when nothing was taken (the caller goes on as
   *     for any purchase without money)
   */
  boolean cardRemoved() {
    if (s == null) {
      return false;
    }
    if (s.phase == Phase.UNCONFIRMED) {
      return true;
    }
    return giveUp("card removed") != GaveUp.NOTHING_TAKEN;
  }

  /** The kiosk goes out of service: same as giving up; true when an outcome is on screen. */
  boolean outOfService() {
    return s != null && giveUp("kiosk out of service") != GaveUp.NOTHING_TAKEN;
  }

  // ---- the QR screen's data -----------------------------------------------------------------

  Map<String, Object> view() {
    Map<String, Object> d = new LinkedHashMap<>();
    if (s == null) {
      return d;
    }
    d.put("txnId", s.txnId);
    d.put("reference", s.reference);
    d.put("method", s.method);
    d.put("status", s.phase.wire);
    d.put("amountDue", s.money);
    d.put("message", s.message);
    if (s.payload != null && s.phase == Phase.SHOWN) {
      d.put("qrPayload", s.payload);
    }
    if (s.expiresAt != null) {
      d.put("expiresAt", s.expiresAt.toString());
    }
    if (s.badScans > 0) {
      d.put("badScans", s.badScans);
    }
    if (f.quote != null) {
      d.put("quote", f.quote.toMap());
    }
    return d;
  }

  // ---- internals ----------------------------------------------------------------------------

  private boolean isActive(String txnId) {
    return s != null
        && s.txnId.equals(txnId)
        && s.phase != Phase.UNCONFIRMED
        && f.screen == Screen.QR
        && f.txn != null
        && f.txn.txnId().equals(txnId);
  }

  private void charge() {
    QrResult r =
        ask(new QrRequest.Charge(UUID.randomUUID().toString(), s.txnId, cardNo(), s.code, s.money));
    if (r instanceof QrResult.Paid p) {
      paid(p.paymentId(), p.money());
    } else if (r instanceof QrResult.Confirming c) {
      if (s.phase != Phase.CONFIRMING) {
        qj.mark(s.txnId, QrStatus.CONFIRMING, c.message(), null, null);
        s.phase = Phase.CONFIRMING;
      }
      s.message = "Confirm the payment in your wallet app.";
      s.nextPollAt = f.clock.instant().plus(settings.pollInterval());
    } else if (r instanceof QrResult.Declined d) {
      declined(d);
    } else {
      // Unknown: the same txnId is asked again; the provider never charges it twice.
      s.message = "Waiting for the payment provider...";
      s.nextPollAt = f.clock.instant().plus(settings.pollInterval());
    }
  }

  private void declined(QrResult.Declined d) {
    qj.mark(s.txnId, QrStatus.DECLINED, d.code() + ": " + d.message(), null, null);
    s.phase = Phase.DECLINED;
    s.message =
        "The payment was declined ("
            + d.message()
            + "). No money was taken. Press cancel to pay with cash.";
    f.deadlineAt(f.clock.instant().plus(f.config.choiceTimeout()));
  }

  /** The provider took the money for the active purchase: credit it once, then load it. */
  private void paid(String paymentId, long money) {
    String txnId = s.txnId;
    QrJournal.Credit c = qj.credit(txnId, paymentId, money);
    s = null;
    if (c == QrJournal.Credit.REFUSED) {
      unmatched(txnId, paymentId, money);
      f.show(Screen.ACCOUNT, Map.of());
      return;
    }
    Txn paidTxn = recovery.toPaid(f.journal.find(txnId).orElseThrow());
    f.screen = Screen.WRITING;
    f.result = Map.of("txnId", txnId);
    LoadOutcome outcome =
        f.card != null
            ? f.loads.load(paidTxn, f.card, null)
            : f.loads.park(paidTxn, "card removed before loading");
    f.txn = null;
    f.quote = null;
    f.showOutcome(outcome);
  }

  /**
   * Gives up on the active QR payment: journals CANCELLING, asks the provider to cancel, and acts
   * on its answer.
   */
  private GaveUp giveUp(String reason) {
    Session x = s;
    if (x.phase == Phase.WAITING_CODE || x.phase == Phase.DECLINED) {
      s = null;
      f.cancelOpenPurchase(reason);
      return GaveUp.NOTHING_TAKEN;
    }
    qj.mark(x.txnId, QrStatus.CANCELLING, reason, null, null);
    QrResult r = ask(new QrRequest.Cancel(UUID.randomUUID().toString(), x.txnId, reason));
    if (r instanceof QrResult.Paid p) {
      paid(p.paymentId(), p.money());
      return GaveUp.OUTCOME_SHOWN;
    }
    if (r instanceof QrResult.Cancelled || r instanceof QrResult.Declined) {
      s = null;
      cancelled(x.txnId, reason);
      f.txn = null;
      f.quote = null;
      return GaveUp.NOTHING_TAKEN;
    }
    log.warn("txn {}: QR cancel unanswered ({}); left to reconciliation", x.txnId, describe(r));
    x.phase = Phase.UNCONFIRMED;
    x.payload = null;
    x.message =
        "The payment provider did not answer. If money was taken from your wallet it will be"
            + " loaded onto this card at your next visit, or refunded. Reference "
            + x.reference
            + ".";
    f.txn = null;
    f.quote = null;
    f.show(Screen.QR, Map.of());
    f.deadlineAt(f.clock.instant().plus(f.config.resultTimeout()));
    return GaveUp.UNCONFIRMED;
  }

  /** A payment nobody waits for any more: cancel it, or credit what the provider took. */
  private void reconcile(org.gaskiosk.core.journal.QrPayment row) {
    if (row.status() != QrStatus.CANCELLING) {
      qj.mark(row.txnId(), QrStatus.CANCELLING, "no resident waits for it any more", null, null);
    }
    QrResult r =
        ask(new QrRequest.Cancel(UUID.randomUUID().toString(), row.txnId(), "reconciliation"));
    if (r instanceof QrResult.Paid p) {
      lateCredit(row.txnId(), p.paymentId(), p.money(), "cancel answered paid");
    } else if (r instanceof QrResult.Cancelled || r instanceof QrResult.Declined) {
      cancelled(row.txnId(), "QR payment cancelled at reconciliation");
      if (s != null && s.txnId.equals(row.txnId()) && s.phase == Phase.UNCONFIRMED) {
        s.message = "The payment was cancelled: no money was taken.";
      }
    } else {
      log.info(
          "txn {}: QR payment still unknown ({}); asking again later", row.txnId(), describe(r));
    }
  }

  /** Money the provider took after the kiosk gave up: credited once, kept as a pending credit. */
  private void lateCredit(String txnId, String paymentId, long money, String how) {
    QrJournal.Credit c = qj.credit(txnId, paymentId, money);
    if (c == QrJournal.Credit.ALREADY) {
      return;
    }
    if (c == QrJournal.Credit.REFUSED) {
      unmatched(txnId, paymentId, money);
      return;
    }
    Txn paidTxn = recovery.toPaid(f.journal.find(txnId).orElseThrow());
    LoadOutcome parked = f.loads.park(paidTxn, "QR payment confirmed after the kiosk gave up");
    log.info("txn {}: QR payment {} came late ({}): pending credit", txnId, paymentId, how);
    if (s != null
        && s.txnId.equals(txnId)
        && s.phase == Phase.UNCONFIRMED
        && f.screen == Screen.QR) {
      s = null;
      f.showOutcome(parked);
    }
  }

  private void cancelled(String txnId, String reason) {
    qj.mark(txnId, QrStatus.CANCELLED, reason, null, null);
    Txn t = f.journal.find(txnId).orElseThrow();
    if (t.state() == TxnState.CREATED || t.state() == TxnState.QUOTED) {
      f.journal.apply(
          txnId,
          Change.to(TxnState.CANCELLED)
              .set("reason", "QR payment cancelled: " + reason)
              .event("txn.cancelled", TxnEvents.cancelled(t, "QR payment cancelled: " + reason)));
    }
  }

  /** The provider took money for a transaction that was already closed: the central must refund. */
  private void unmatched(String txnId, String paymentId, long money) {
    log.error("txn {}: QR payment {} of {} fen for a closed transaction", txnId, paymentId, money);
    f.journal.record(
        List.of(
            new PendingEvent(
                "qr.unmatched",
                Map.of(
                    "txnId", txnId,
                    "paymentId", paymentId,
                    "money", money,
                    "action", "refund"))));
    // The resident may still be at the kiosk: a slip is their proof that the money goes back.
    f.journal
        .find(txnId)
        .ifPresent(
            t ->
                f.loads.printRefund(
                    t, money, "交易已结束，款项将原路退回 Paid after the purchase closed; refunded"));
  }

  private QrResult ask(QrRequest r) {
    try {
      return f.central.qr(r);
    } catch (RuntimeException e) {
      log.warn("QR request {} failed", r, e);
      return new QrResult.Unreachable(e.toString());
    }
  }

  private String cardNo() {
    return f.snapshot == null ? "" : f.snapshot.cardNo();
  }

  private static String describe(QrResult r) {
    return r.toString();
  }
}
