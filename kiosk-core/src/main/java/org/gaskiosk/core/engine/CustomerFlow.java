package org.gaskiosk.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.Money;
import org.gaskiosk.core.domain.Quote;
import org.gaskiosk.core.domain.Volume;
import org.gaskiosk.core.fleet.KioskMode;
import org.gaskiosk.core.journal.Change;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnKind;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.core.port.PurseSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resident at a time: the card in the slot, the screen, the purchase in progress. Runs on the
 * engine thread only; the one field other threads read ({@link #cashWindow}) is immutable and
 * volatile.
 */
final class CustomerFlow {
  private static final Logger log = LoggerFactory.getLogger(CustomerFlow.class);
  private static final Duration LOOKUP_RETRY = Duration.ofSeconds(3);

  final KioskConfig config;
  private final Clock clock;
  private final CardReader reader;
  private final BillAcceptor acceptor;
  private final CentralSystem central;
  private final RechargeJournal journal;
  private final LoadProcedure loads;
  private final StartupRecovery recovery;

  Screen screen = Screen.IDLE;
  KioskMode mode = KioskMode.IN_SERVICE;
  String lang = "zh-CN";
  boolean accessible;
  boolean cardPresent;
  PurseSession card;
  CardSnapshot snapshot;
  LookupResult.Account account;
  Txn txn;
  Quote quote;
  Map<String, Object> result = Map.of();
  final List<Map<String, Object>> recovered = new ArrayList<>();
  private Instant deadline;
  private Instant retryLookupAt;
  volatile CashWindow cashWindow;
  final AtomicInteger notesInFlight = new AtomicInteger();

  CustomerFlow(
      KioskConfig config,
      Clock clock,
      CardReader reader,
      BillAcceptor acceptor,
      CentralSystem central,
      RechargeJournal journal,
      LoadProcedure loads,
      StartupRecovery recovery) {
    this.config = config;
    this.clock = clock;
    this.reader = reader;
    this.acceptor = acceptor;
    this.central = central;
    this.journal = journal;
    this.loads = loads;
    this.recovery = recovery;
  }

  // ---- card slot ----------------------------------------------------------------------------

  void onCardInserted(Runnable publish) {
    cardPresent = true;
    if (!mode.serving()) {
      show(Screen.OUT_OF_SERVICE, Map.of("reason", mode.reason()));
      return;
    }
    screen = Screen.READING;
    publish.run();
    CardOpening opening = reader.open();
    if (opening instanceof CardOpening.Refused r) {
      show(
          Screen.REFUSED,
          Map.of("reasonCode", Refusals.code(r.reason()), "reasonText", r.detail()));
      return;
    }
    if (opening instanceof CardOpening.Removed) {
      toIdle();
      return;
    }
    if (opening instanceof CardOpening.Failed f) {
      show(Screen.ERROR, Map.of("code", "card-unreadable", "message", f.message()));
      return;
    }
    card = ((CardOpening.Opened) opening).session();
    snapshot = card.snapshot();
    recovered.clear();
    if (!settleEarlierTransactions(publish)) {
      return;
    }
    lookUpAccount();
  }

  /**
   * Finishes what the journal still owes this card (uncertain loads, pending credits) before
   * anything new.
   *
   * @return false when the card left meanwhile or an outcome must stay on screen
   */
  private boolean settleEarlierTransactions(Runnable publish) {
    for (Txn t : journal.unfinishedFor(snapshot.cardNo())) {
      screen = Screen.WRITING;
      result = Map.of("txnId", t.txnId(), "recovering", true);
      publish.run();
      LoadOutcome outcome =
          switch (t.state()) {
            case WRITING -> loads.resolveUncertain(t, card);
            case PENDING_CREDIT ->
                loads.load(
                    journal.apply(
                        t.txnId(), Change.to(TxnState.PAID).detail("card inserted again")),
                    card,
                    null);
            default -> null; // start-up recovery leaves nothing else unfinished
          };
      if (outcome == null) {
        continue;
      }
      if (outcome instanceof LoadOutcome.Loaded l) {
        recovered.add(Views.loadedSummary(l.txn()));
      } else if (outcome instanceof LoadOutcome.Uncertain
          || outcome instanceof LoadOutcome.Pending) {
        showOutcome(outcome);
        return false;
      }
    }
    return true;
  }

  private void lookUpAccount() {
    LookupResult r = central.lookup(new LookupRequest(UUID.randomUUID().toString(), snapshot));
    if (r instanceof LookupResult.Account a) {
      account = a;
      show(Screen.ACCOUNT, Map.of());
    } else if (r instanceof LookupResult.Unknown u) {
      show(Screen.REFUSED, Map.of("reasonCode", "unknown-account", "reasonText", u.message()));
    } else {
      // Ask again while the card stays: a restarting kiosk or a short outage heals by itself.
      retryLookupAt = clock.instant().plus(LOOKUP_RETRY);
      show(
          Screen.REFUSED,
          Map.of(
              "reasonCode",
              "central-unreachable",
              "reasonText",
              "The gas company's system cannot be reached; no money was taken. Please try later."));
    }
  }

  void onCardRemoved() {
    cardPresent = false;
    closeCard();
    if (txn != null) {
      Txn t = journal.find(txn.txnId()).orElseThrow();
      if (t.state() == TxnState.PAYING && t.paid() > 0) {
        closeCashWindow();
        showOutcome(loads.park(recovery.toPaid(t), "card removed before loading"));
        deadline = clock.instant().plus(config.resultTimeout());
        return;
      }
      cancelOpenPurchase("card removed");
    }
    if (screen == Screen.PENDING) {
      deadline = clock.instant().plus(config.resultTimeout());
      return;
    }
    toIdle();
  }

  // ---- service mode -------------------------------------------------------------------------

  /**
   * The fleet (a lock command, a critical device fault) changed the kiosk's mode. Out of service,
   * an open purchase without money is cancelled, money already inserted is loaded first, and no new
   * card is served.
   */
  void changeMode(KioskMode next) {
    KioskMode before = mode;
    mode = next;
    if (next.serving()) {
      if (!before.serving()) {
        // Serve whatever card sits in the slot as if it had just been inserted.
        cardPresent = false;
        toIdle();
      }
      return;
    }
    switch (screen) {
      case AMOUNT, PAY_METHOD -> cancelOpenPurchase("kiosk out of service");
      case CASH -> {
        if (cashWindow != null && cashWindow.paid() > 0) {
          finishCash();
          return; // the result stays on screen; the next card sees out-of-service
        }
        cancelOpenPurchase("kiosk out of service");
      }
      default -> {}
    }
    if (screen != Screen.DONE && screen != Screen.PENDING) {
      closeCard();
      show(Screen.OUT_OF_SERVICE, Map.of("reason", next.reason()));
    }
  }

  /** A resident's card or money is at stake: the fleet must not disrupt now. */
  boolean midTransaction() {
    return cardPresent || txn != null || cashWindow != null || notesInFlight.get() > 0;
  }

  // ---- timeouts -----------------------------------------------------------------------------

  void checkTimeout() {
    if (retryLookupAt != null && !clock.instant().isBefore(retryLookupAt)) {
      retryLookupAt = null;
      if (cardPresent && screen == Screen.REFUSED && snapshot != null) {
        lookUpAccount();
        return;
      }
    }
    if (deadline == null || clock.instant().isBefore(deadline)) {
      return;
    }
    deadline = null;
    switch (screen) {
      case AMOUNT, PAY_METHOD -> {
        cancelOpenPurchase("timed out");
        show(Screen.ACCOUNT, Map.of());
      }
      case CASH -> {
        if (cashWindow != null && cashWindow.paid() > 0) {
          finishCash();
        } else {
          cancelOpenPurchase("timed out");
          show(Screen.ACCOUNT, Map.of());
        }
      }
      case PENDING, DONE, REFUSED, ERROR -> {
        if (!cardPresent) {
          toIdle();
        }
      }
      default -> {}
    }
  }

  Duration timeLeft() {
    return deadline == null ? null : Duration.between(clock.instant(), deadline);
  }

  // ---- actions ------------------------------------------------------------------------------

  void startPurchase() {
    requireScreen(Screen.ACCOUNT);
    if (account.safety() == LookupResult.Safety.HOLD) {
      throw new Refusal(409, "safety-hold", account.safetyNotice());
    }
    txn = journal.create(TxnKind.PURCHASE, snapshot, config.terminalId(), List.of());
    quote = null;
    show(Screen.AMOUNT, Map.of());
    deadline = clock.instant().plus(config.choiceTimeout());
  }

  void setAmount(ActionBody body) {
    requireScreen(Screen.AMOUNT, Screen.PAY_METHOD);
    body.only("amount", "volume");
    if (body.has("amount") == body.has("volume")) {
      throw new ActionBody.Invalid(
          "set-amount takes exactly one of \"amount\" (fen) or \"volume\"");
    }
    Quote q =
        body.has("amount")
            ? Quote.forMoney(snapshot.unit(), account.tariff(), account.cycleVolume(), money(body))
            : Quote.forVolume(
                snapshot.unit(),
                account.tariff(),
                account.cycleVolume(),
                Volume.centiM3(positive(body.integer("volume"), "volume")));
    long due = q.due().fen();
    if (due < config.minAmountFen() || due > config.maxAmountFen() || q.amount() <= 0) {
      throw new Refusal(
          422,
          "amount-out-of-range",
          "a purchase must cost from "
              + Money.fen(config.minAmountFen()).toYuanString()
              + " to "
              + Money.fen(config.maxAmountFen()).toYuanString()
              + " yuan; this one costs "
              + q.due().toYuanString());
    }
    txn =
        journal.apply(
            txn.txnId(),
            Change.to(TxnState.QUOTED)
                .set("quote_json", q.toMap())
                .set("amount", q.amount())
                .set("money", due));
    quote = q;
    show(Screen.PAY_METHOD, Map.of());
    deadline = clock.instant().plus(config.choiceTimeout());
  }

  void choosePayment(ActionBody body) {
    requireScreen(Screen.PAY_METHOD);
    String method = body.only("method").text("method");
    switch (method) {
      case "cash" -> {
        cashWindow = new CashWindow(txn.txnId(), 0, config.maxAmountFen());
        acceptor.enable();
        show(Screen.CASH, Map.of());
        deadline = clock.instant().plus(config.cashTimeout());
      }
      case "qr-scan", "qr-show" ->
          throw new Refusal(
              409, "payment-unavailable", "QR payment is not available at this kiosk yet");
      default ->
          throw new ActionBody.Invalid("method must be cash, qr-scan or qr-show, got " + method);
    }
  }

  void finishCashAction() {
    requireScreen(Screen.CASH);
    if (notesInFlight.get() > 0) {
      throw new Refusal(
          409, "note-in-progress", "a banknote is being taken; try again in a moment");
    }
    if (cashWindow == null || cashWindow.paid() == 0) {
      throw new Refusal(409, "nothing-inserted", "no banknote was inserted yet");
    }
    finishCash();
  }

  void cancel() {
    switch (screen) {
      case AMOUNT, PAY_METHOD -> {
        cancelOpenPurchase("cancelled by resident");
        show(Screen.ACCOUNT, Map.of());
      }
      case CASH -> {
        if (notesInFlight.get() > 0 || (cashWindow != null && cashWindow.paid() > 0)) {
          throw new Refusal(
              409,
              "money-inserted",
              "money was inserted: it cannot be returned, press \"load now\" to put it on the card");
        }
        cancelOpenPurchase("cancelled by resident");
        show(Screen.ACCOUNT, Map.of());
      }
      case ACCOUNT, REFUSED, ERROR, DONE, PENDING, IDLE -> {}
      default ->
          throw new Refusal(
              409, "not-now", "nothing to cancel on the " + screen.wireName() + " screen");
    }
  }

  void loadOrders() {
    requireScreen(Screen.ACCOUNT);
    List<LookupResult.Order> orders = account.orders();
    if (orders.isEmpty()) {
      throw new Refusal(409, "no-orders", "no orders wait for this card");
    }
    long amount = orders.stream().mapToLong(LookupResult.Order::amount).sum();
    long money = orders.stream().mapToLong(LookupResult.Order::money).sum();
    List<String> ids = orders.stream().map(LookupResult.Order::orderId).toList();
    Txn t = journal.create(TxnKind.PICKUP, snapshot, config.terminalId(), ids);
    journal.apply(t.txnId(), Change.to(TxnState.QUOTED).set("amount", amount).set("money", money));
    Txn paid =
        journal.apply(
            t.txnId(), Change.to(TxnState.PAID).set("payment_method", "prepaid").detail("orders"));
    txn = paid;
    screen = Screen.WRITING;
    LoadOutcome outcome = loads.load(paid, card, null);
    txn = null;
    showOutcome(outcome);
  }

  // ---- cash ---------------------------------------------------------------------------------

  /** Engine thread: credits one stacked note, durably, before the driver acknowledges it. */
  void credit(String noteId, long value) {
    CashWindow w = cashWindow;
    String target = w != null ? w.txnId() : null;
    if (target == null) {
      if (journal.noteCredited(noteId)) {
        return; // a VEND VALID repeated after the purchase moved on: credited once already
      }
      throw new IllegalStateException(
          "banknote " + noteId + " stacked with no purchase taking cash");
    }
    if (journal.creditBanknote(target, noteId, value)) {
      cashWindow = new CashWindow(target, w.paid() + value, w.max());
      txn = journal.find(target).orElseThrow();
      if (screen == Screen.CASH) {
        deadline = clock.instant().plus(config.cashTimeout());
      }
    }
  }

  private void finishCash() {
    long paid = cashWindow.paid();
    closeCashWindow();
    Txn current = journal.find(txn.txnId()).orElseThrow();
    if (current.paid() != paid) {
      throw new IllegalStateException(
          "txn " + current.txnId() + " journal paid " + current.paid() + " but window " + paid);
    }
    Txn paidTxn = recovery.toPaid(current);
    screen = Screen.WRITING;
    result = Map.of("txnId", paidTxn.txnId());
    LoadOutcome outcome = loads.load(paidTxn, card, null);
    txn = null;
    showOutcome(outcome);
  }

  // ---- helpers ------------------------------------------------------------------------------

  void showOutcome(LoadOutcome outcome) {
    Txn t = outcome.txn();
    if (loads.cardLeft()) {
      // The card went away mid-command; its next appearance is a new insertion, however quick.
      cardPresent = false;
      closeCard();
    }
    if (outcome instanceof LoadOutcome.Loaded) {
      show(Screen.DONE, Views.loadedSummary(t));
    } else if (outcome instanceof LoadOutcome.Pending || outcome instanceof LoadOutcome.Uncertain) {
      show(Screen.PENDING, Views.pendingSummary(t, outcome instanceof LoadOutcome.Uncertain));
    } else if (outcome instanceof LoadOutcome.LoadedElsewhere) {
      show(Screen.DONE, Views.loadedSummary(t));
    } else {
      show(
          Screen.ERROR,
          Map.of("code", "orders-not-loaded", "message", t.reason() == null ? "" : t.reason()));
    }
    if (!cardPresent) {
      deadline = clock.instant().plus(config.resultTimeout());
    }
  }

  /**
   * After an unexpected failure: whatever was in flight was parked by recovery; tell the resident.
   */
  void showFailure(String detail) {
    cashWindow = null;
    acceptor.inhibit();
    txn = null;
    quote = null;
    show(
        Screen.ERROR,
        Map.of(
            "code",
            "internal-error",
            "message",
            "Something went wrong. Any money inserted is safe and will be loaded at the next insertion"
                + " of your card.",
            "detail",
            detail));
  }

  private void cancelOpenPurchase(String reason) {
    closeCashWindow();
    if (txn != null) {
      Txn t = journal.find(txn.txnId()).orElseThrow();
      if (t.state() == TxnState.CREATED || t.state() == TxnState.QUOTED) {
        journal.apply(
            t.txnId(),
            Change.to(TxnState.CANCELLED)
                .set("reason", reason)
                .event("txn.cancelled", TxnEvents.cancelled(t, reason)));
      }
    }
    txn = null;
    quote = null;
  }

  private void closeCashWindow() {
    if (cashWindow != null) {
      acceptor.inhibit();
      cashWindow = null;
    }
  }

  private void closeCard() {
    if (card != null) {
      card.close();
      card = null;
    }
  }

  void toIdle() {
    closeCard();
    snapshot = null;
    account = null;
    txn = null;
    quote = null;
    recovered.clear();
    lang = "zh-CN";
    accessible = false;
    if (!mode.serving()) {
      show(Screen.OUT_OF_SERVICE, Map.of("reason", mode.reason()));
      return;
    }
    show(Screen.IDLE, Map.of());
  }

  private void show(Screen s, Map<String, Object> data) {
    if (s != Screen.REFUSED) {
      retryLookupAt = null;
    }
    screen = s;
    result = data;
    deadline = null;
    log.debug("screen {}", s.wireName());
  }

  private void requireScreen(Screen... allowed) {
    for (Screen s : allowed) {
      if (screen == s) {
        return;
      }
    }
    throw new Refusal(409, "wrong-screen", "not possible on the " + screen.wireName() + " screen");
  }

  private static Money money(ActionBody body) {
    return Money.fen(positive(body.integer("amount"), "amount"));
  }

  private static long positive(long v, String key) {
    if (v <= 0) {
      throw new Refusal(422, "amount-out-of-range", key + " must be positive, got " + v);
    }
    return v;
  }

  /** An action that does not fit now: its status, code and message; nothing changed. */
  static final class Refusal extends RuntimeException {
    final int status;
    final String code;

    Refusal(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }
}
