package org.gaskiosk.core.engine;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.gaskiosk.core.journal.Change;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnKind;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.port.AuthorizeRequest;
import org.gaskiosk.core.port.AuthorizeResult;
import org.gaskiosk.core.port.CardLogEntry;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.PurseSession;
import org.gaskiosk.core.port.ReceiptPrinter;
import org.gaskiosk.core.port.TransactionProof;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a paid transaction's value onto a purse card: INITIALIZE FOR LOAD, load.authorize, journal
 * WRITING, CREDIT FOR LOAD, journal LOADED, receipt, COMPLETED. Each device action is preceded by a
 * durable journal commit of its intent and followed by one of its result.
 *
 * <p>The hazard it exists for: after CREDIT FOR LOAD was sent, only the card knows whether it
 * applied. A load whose answer was lost is never sent again; {@link #resolveUncertain} asks the
 * card (sequence, transaction log, proof).
 */
final class LoadProcedure {
  private static final Logger log = LoggerFactory.getLogger(LoadProcedure.class);
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final KioskConfig config;
  private final Clock clock;
  private final RechargeJournal journal;
  private final CentralSystem central;
  private final ReceiptPrinter printer;
  private final Receipts receipts;
  private boolean cardLeft;

  LoadProcedure(
      KioskConfig config,
      Clock clock,
      RechargeJournal journal,
      CentralSystem central,
      ReceiptPrinter printer) {
    this.config = config;
    this.clock = clock;
    this.journal = journal;
    this.central = central;
    this.printer = printer;
    this.receipts = new Receipts(config.kioskId(), clock);
  }

  /** Whether the card left (a command answered Removed) during the last load or resolution. */
  boolean cardLeft() {
    return cardLeft;
  }

  /**
   * Loads {@code t} (state PAID) onto {@code card}; {@code init} may carry a fresh INITIALIZE FOR
   * LOAD answer.
   */
  LoadOutcome load(Txn t, PurseSession card, LoadInit init) {
    cardLeft = false;
    if (init == null) {
      CardResult<LoadInit> r = card.initializeForLoad(t.amount(), config.terminalId());
      if (!r.isOk()) {
        cardLeft = r instanceof CardResult.Removed;
        return park(t, r.describe());
      }
      init = r.value();
    }
    LocalDateTime hostTime = LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
    AuthorizeResult auth =
        central.authorize(
            new AuthorizeRequest(
                UUID.randomUUID().toString(),
                t.txnId(),
                t.cardNo(),
                t.amount(),
                t.money(),
                config.terminalId(),
                init,
                hostTime,
                t.orderIds()));
    if (auth instanceof AuthorizeResult.Refused refused) {
      return refusedByCentral(t, refused.code(), refused.message());
    }
    if (auth instanceof AuthorizeResult.Unreachable u) {
      return park(t, "central system unreachable: " + u.message());
    }
    byte[] mac2 = ((AuthorizeResult.Authorized) auth).mac2();
    Txn authorized =
        journal.apply(
            t.txnId(),
            Change.to(TxnState.AUTHORIZED)
                .set("seq_before", init.sequence())
                .set("host_time", hostTime)
                .set("mac2", HEX.formatHex(mac2))
                .set("balance_after", init.oldBalance() + t.amount()));
    // txn.writing tells the central system, before the card is touched, that this load may be on
    // the card whatever happens to this kiosk next: any kiosk that sees the card can then settle
    // it.
    Txn writing =
        journal.apply(
            t.txnId(),
            Change.to(TxnState.WRITING)
                .detail("CREDIT FOR LOAD")
                .event("txn.writing", TxnEvents.writing(authorized)));
    CardResult<byte[]> credit = card.creditForLoad(hostTime, mac2);
    if (credit.isOk()) {
      return complete(writing, HEX.formatHex(credit.value()), init.oldBalance() + t.amount());
    }
    log.warn("txn {}: CREDIT FOR LOAD ended with {}", t.txnId(), credit.describe());
    if (credit instanceof CardResult.Removed) {
      cardLeft = true;
      return new LoadOutcome.Uncertain(writing);
    }
    // The card is still here: ask it what happened rather than assume.
    return resolveUncertain(writing, card);
  }

  /**
   * Decides a WRITING transaction from the card's own evidence: an unchanged online sequence means
   * not applied (the load is then authorised and written afresh); an advanced sequence with our log
   * entry means applied.
   */
  LoadOutcome resolveUncertain(Txn t, PurseSession card) {
    cardLeft = false;
    CardResult<LoadInit> probe = card.initializeForLoad(t.amount(), config.terminalId());
    if (!probe.isOk()) {
      cardLeft = probe instanceof CardResult.Removed;
      log.warn("txn {}: card evidence unavailable: {}", t.txnId(), probe.describe());
      return new LoadOutcome.Uncertain(t);
    }
    LoadInit now = probe.value();
    int before = t.seqBefore();
    if (now.sequence() == before) {
      Txn paid =
          journal.apply(
              t.txnId(),
              Change.to(TxnState.PAID)
                  .detail("card evidence: sequence still " + before + ", load not applied"));
      return load(paid, card, now);
    }
    CardResult<List<CardLogEntry>> logResult = card.readLog();
    if (!logResult.isOk()) {
      cardLeft = logResult instanceof CardResult.Removed;
      return new LoadOutcome.Uncertain(t);
    }
    Optional<CardLogEntry> ours =
        logResult.value().stream()
            .filter(e -> e.sequence() == before)
            .filter(e -> e.type() == CardLogEntry.TYPE_PURSE_LOAD)
            .filter(e -> e.amount() == t.amount())
            .filter(e -> e.terminalId().equalsIgnoreCase(t.terminalId()))
            .findFirst();
    if (ours.isPresent()) {
      CardResult<Optional<TransactionProof>> proof = card.transactionProve(before);
      String tac =
          proof.isOk() && proof.value().isPresent() ? HEX.formatHex(proof.value().get().tac()) : "";
      long balance = t.balanceAfter() != null ? t.balanceAfter() : now.oldBalance();
      return complete(t, tac, balance);
    }
    boolean logCoversIt = logResult.value().stream().anyMatch(e -> e.sequence() <= before);
    if (logCoversIt) {
      Txn paid =
          journal.apply(
              t.txnId(),
              Change.to(TxnState.PAID)
                  .detail("card evidence: sequence " + before + " used by another load"));
      return load(paid, card, now);
    }
    log.error(
        "txn {}: card {} moved past sequence {} and its log no longer reaches it; left for central",
        t.txnId(),
        t.cardNo(),
        before);
    return new LoadOutcome.Uncertain(t);
  }

  /**
   * The central refused to let {@code t} (PAID) be loaded, by load.authorize or card.service.
   * resolved-elsewhere: another kiosk read this load's fate from the card and the central system
   * booked it (loaded, or its value waiting as an order); order-taken on a resume: another
   * transaction loaded this pending credit. Either way it is never written here again. Anything
   * else keeps the money owed as a pending credit.
   */
  LoadOutcome refusedByCentral(Txn t, String code, String message) {
    if (code.equals("order-taken") && TxnEvents.kindOf(t).equals("resume")
        || code.equals("resolved-elsewhere")) {
      return new LoadOutcome.LoadedElsewhere(
          journal.apply(
              t.txnId(),
              Change.to(TxnState.LOADED_ELSEWHERE)
                  .set("reason", message)
                  .event("txn.loaded-elsewhere", TxnEvents.loadedElsewhere(t, message))));
    }
    return park(t, "central refused: " + code + " (" + message + ")");
  }

  /**
   * A transaction that cannot be loaded now: the resident's money becomes a pending credit (with a
   * receipt); a pickup is cancelled and its orders released.
   */
  LoadOutcome park(Txn t, String reason) {
    if (t.kind() == TxnKind.PICKUP) {
      return new LoadOutcome.Cancelled(
          journal.apply(
              t.txnId(),
              Change.to(TxnState.CANCELLED)
                  .set("reason", reason)
                  .event("txn.cancelled", TxnEvents.cancelled(t, reason))));
    }
    List<String> orders = new ArrayList<>(t.orderIds());
    String own = TxnEvents.pendingOrderId(t.txnId());
    if (!orders.contains(own)) {
      orders.add(own);
    }
    Txn pending =
        journal.apply(
            t.txnId(),
            Change.to(TxnState.PENDING_CREDIT)
                .set("reason", reason)
                .set("order_ids", orders)
                .event("txn.pending", TxnEvents.pending(t, reason)));
    ReceiptPrinter.PrintResult printed = printer.print(receipts.pending(pending, reason));
    log.info("txn {} pending ({}); receipt: {}", t.txnId(), reason, printed.detail());
    return new LoadOutcome.Pending(pending);
  }

  /** A memory-card load the card confirmed: the gas area holds the amount, no TAC exists. */
  LoadOutcome completeMemory(Txn writing) {
    return complete(writing, "", writing.amount());
  }

  private LoadOutcome complete(Txn writing, String tac, long newBalance) {
    Txn loaded =
        journal.apply(
            writing.txnId(),
            Change.to(TxnState.LOADED).set("tac", tac).set("balance_after", newBalance));
    ReceiptPrinter.PrintResult printed = printer.print(receipts.purchase(loaded, newBalance));
    Txn done =
        journal.apply(
            writing.txnId(),
            Change.to(TxnState.COMPLETED)
                .set("receipt", printed.printed() ? "printed" : "failed: " + printed.detail())
                .event("txn.completed", TxnEvents.completed(loaded, tac, newBalance)));
    return new LoadOutcome.Loaded(done);
  }

  /** Prints the slip for money the central system returns to the resident (nothing loaded). */
  ReceiptPrinter.PrintResult printRefund(Txn t, long money, String reason) {
    return printer.print(receipts.refund(t, money, reason));
  }
}
