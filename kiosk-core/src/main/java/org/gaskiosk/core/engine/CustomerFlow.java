package org.gaskiosk.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaskiosk.core.card.MeterAlerts;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.Quote;
import org.gaskiosk.core.fleet.KioskMode;
import org.gaskiosk.core.journal.Change;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.core.port.MemoryCardSession;
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
  final Clock clock;
  private final CardReader reader;
  final BillAcceptor acceptor;
  final CentralSystem central;
  final RechargeJournal journal;
  final LoadProcedure loads;
  private final StartupRecovery recovery;
  private final MeterAlerts meterAlerts;
  private final UncertainElsewhere uncertainElsewhere;
  private final MemoryCardLoad memoryLoads;
  private final MemoryUncertainElsewhere memoryUncertainElsewhere;

  Screen screen = Screen.IDLE;
  KioskMode mode = KioskMode.IN_SERVICE;
  String lang = "zh-CN";
  boolean accessible;
  boolean cardPresent;
  PurseSession card;

  /** The memory card in the slot instead of a purse card, or null. */
  MemoryCardSession memoryCard;

  CardSnapshot snapshot;
  LookupResult.Account account;
  Txn txn;
  Quote quote;
  Map<String, Object> result = Map.of();
  final List<Map<String, Object>> recovered = new ArrayList<>();
  Instant deadline;
  private Instant retryLookupAt;
  volatile CashWindow cashWindow;
  QrPayment qr;
  ReceiptNotice receiptNotice;
  final AtomicInteger notesInFlight = new AtomicInteger();
  final ResidentServices services = new ResidentServices(this);

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
    this.meterAlerts = new MeterAlerts(journal, config.kioskId());
    this.uncertainElsewhere = new UncertainElsewhere(config, journal);
    this.memoryLoads = new MemoryCardLoad(journal, journal.memoryWrites(), central, loads);
    this.memoryUncertainElsewhere = new MemoryUncertainElsewhere(config, journal, central);
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
    if (opening instanceof CardOpening.MemoryOpened m) {
      memoryCard = m.session();
      snapshot = m.snapshot();
    } else {
      card = ((CardOpening.Opened) opening).session();
      snapshot = card.snapshot();
    }
    recovered.clear();
    meterAlerts.report(snapshot); // before anything else can fail: the safety team must hear it
    serveCard(publish);
  }

  /** What the card is owed first, then its refusals, then its account. */
  private void serveCard(Runnable publish) {
    if (!settleEarlierTransactions(publish)) {
      return;
    }
    // A memory card's gas area can hold an interrupted load of another kiosk (the old count, so
    // the meter ignores it): card.lookup lists it and the settling comes first.
    if (memoryCard == null && CardRefusals.refuseNewSale(this)) {
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
    List<Txn> owed = journal.unfinishedFor(snapshot.cardNo());
    if (!central.connected() && owed.stream().anyMatch(t -> t.state() == TxnState.PENDING_CREDIT)) {
      // Loading a pending credit needs the central system's authorisation. Trying now would only
      // park it again (and print another slip); a kiosk that has just restarted is usually a
      // second away from its broker.
      waitForCentral(
          "credit-waits-for-central",
          "Your earlier payment is safe and is loaded as soon as the gas company's system answers.");
      return false;
    }
    for (Txn t : owed) {
      screen = Screen.WRITING;
      result = Map.of("txnId", t.txnId(), "recovering", true);
      publish.run();
      LoadOutcome outcome =
          switch (t.state()) {
            case WRITING ->
                memoryCard != null
                    ? memoryLoads.resolveUncertain(t, memoryCard)
                    : loads.resolveUncertain(t, card);
            case PENDING_CREDIT ->
                loadOntoCard(
                    journal.apply(
                        t.txnId(), Change.to(TxnState.PAID).detail("card inserted again")));
            default -> null; // start-up recovery leaves nothing else unfinished
          };
      if (outcome == null) {
        continue;
      }
      if (outcome instanceof LoadOutcome.Loaded l) {
        recovered.add(Views.loadedSummary(l.txn()));
        if (l.txn().balanceAfter() != null) {
          // The account screen must show the balance the card has now, not the one read before.
          snapshot =
              new CardSnapshot(
                  snapshot.cardNo(),
                  snapshot.family(),
                  snapshot.unit(),
                  l.txn().balanceAfter(),
                  snapshot.meter());
        }
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
      if (card != null && !a.uncertain().isEmpty()) {
        uncertainElsewhere.settle(a, card); // other kiosks' loads this card alone can decide
      }
      if (memoryCard != null
          && !a.uncertain().isEmpty()
          && memoryUncertainElsewhere.settle(snapshot.cardNo(), a, memoryCard).stream()
              .anyMatch(d -> Boolean.TRUE.equals(d.get("finishedHere")))) {
        snapshot =
            MemoryUncertainElsewhere.untaken(snapshot); // the gas just written waits for the meter
      }
      if (memoryCard != null
          && (CardRefusals.refuseNewSale(this) || CardRefusals.refuseSpentPscTry(this))) {
        return;
      }
      show(Screen.ACCOUNT, Map.of());
    } else if (r instanceof LookupResult.Unknown u) {
      show(Screen.REFUSED, Map.of("reasonCode", "unknown-account", "reasonText", u.message()));
    } else {
      waitForCentral(
          "central-unreachable",
          "The gas company's system cannot be reached; no money was taken. Please try later.");
    }
  }

  /**
   * Refuses for now and serves the card again after {@link #LOOKUP_RETRY} while it stays: a
   * restarting kiosk or a short outage heals by itself.
   */
  private void waitForCentral(String reasonCode, String reasonText) {
    show(Screen.REFUSED, Map.of("reasonCode", reasonCode, "reasonText", reasonText));
    retryLookupAt = clock.instant().plus(LOOKUP_RETRY);
  }

  void onCardRemoved() {
    cardPresent = false;
    closeCard();
    if (screen == Screen.QR && qr.cardRemoved()) {
      return;
    }
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
      case QR -> {
        if (qr.outOfService()) {
          return; // the payment's outcome stays on screen
        }
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

  void checkTimeout(Runnable publish) {
    if (retryLookupAt != null && !clock.instant().isBefore(retryLookupAt)) {
      retryLookupAt = null;
      if (cardPresent && screen == Screen.REFUSED && snapshot != null) {
        serveCard(publish); // what the card is owed may have waited for the central system too
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
      case QR -> qr.timedOut();
      case PENDING, DONE, REFUSED, ERROR -> {
        if (!cardPresent) {
          toIdle();
        }
      }
      default -> {}
    }
  }

  void deadlineAt(Instant at) {
    deadline = AccessibleMode.stretch(this, at);
  }

  Duration timeLeft() {
    return deadline == null ? null : Duration.between(clock.instant(), deadline);
  }

  // ---- cash ---------------------------------------------------------------------------------

  void finishCash() {
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
    LoadOutcome outcome = loadOntoCard(paidTxn);
    txn = null;
    showOutcome(outcome);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Loads a PAID transaction onto whichever kind of card is in the slot. */
  LoadOutcome loadOntoCard(Txn paid) {
    return memoryCard != null ? memoryLoads.load(paid, memoryCard) : loads.load(paid, card, null);
  }

  void showOutcome(LoadOutcome outcome) {
    Txn t = outcome.txn();
    if (memoryCard != null ? memoryLoads.cardLeft() : loads.cardLeft()) {
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

  void cancelOpenPurchase(String reason) {
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
    if (memoryCard != null) {
      memoryCard.close();
      memoryCard = null;
    }
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
    services.endSession();
    lang = "zh-CN";
    accessible = false;
    if (!mode.serving()) {
      show(Screen.OUT_OF_SERVICE, Map.of("reason", mode.reason()));
      return;
    }
    show(Screen.IDLE, Map.of());
  }

  void show(Screen s, Map<String, Object> data) {
    if (s != Screen.REFUSED) {
      retryLookupAt = null;
    }
    screen = s;
    result = data;
    deadline = null;
    log.debug("screen {}", s.wireName());
  }

  void requireScreen(Screen... allowed) {
    for (Screen s : allowed) {
      if (screen == s) {
        return;
      }
    }
    throw new Refusal(409, "wrong-screen", "not possible on the " + screen.wireName() + " screen");
  }
}
