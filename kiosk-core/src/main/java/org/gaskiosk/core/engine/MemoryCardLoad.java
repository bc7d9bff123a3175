package org.gaskiosk.core.engine;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gaskiosk.core.journal.Change;
import org.gaskiosk.core.journal.MemoryWriteLog;
import org.gaskiosk.core.journal.PendingEvent;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.CardServiceRequest;
import org.gaskiosk.core.port.CardServiceResult;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.MemoryCardSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a paid transaction's value onto an SLE4442 memory card: read the raw card, card.service,
 * journal AUTHORIZED with the plan, present the PSC once, journal WRITING, then each command of the
 * plan with its intent committed before it is sent and its answer after (docs/card-profile.md).
 *
 * <p>The hazards it exists for: a wrong PSC spends one of the card's three tries for ever, so it
 * presents a PSC only to a card whose error counter shows no spent try, and never twice; and after
 * a write was sent only the card knows whether it landed, so {@link #resolveUncertain} reads the
 * purchase count the plan writes last instead of writing again.
 */
final class MemoryCardLoad {
  private static final Logger log = LoggerFactory.getLogger(MemoryCardLoad.class);
  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  static final int IMAGE_SIZE = 256;

  private final RechargeJournal journal;
  private final MemoryWriteLog steps;
  private final CentralSystem central;
  private final LoadProcedure loads;
  private boolean cardLeft;

  MemoryCardLoad(
      RechargeJournal journal, MemoryWriteLog steps, CentralSystem central, LoadProcedure loads) {
    this.journal = journal;
    this.steps = steps;
    this.central = central;
    this.loads = loads;
  }

  /** Whether the card left (a command answered Removed) during the last load or resolution. */
  boolean cardLeft() {
    return cardLeft;
  }

  /** Loads {@code t} (state PAID) onto {@code card}. */
  LoadOutcome load(Txn t, MemoryCardSession card) {
    cardLeft = false;
    CardResult<byte[]> image = readImage(card);
    if (!image.isOk()) {
      cardLeft = image instanceof CardResult.Removed;
      return loads.park(t, image.describe());
    }
    CardServiceResult answer =
        central.cardService(
            new CardServiceRequest(
                UUID.randomUUID().toString(),
                t.txnId(),
                t.cardNo(),
                t.amount(),
                t.money(),
                image.value(),
                t.orderIds()));
    if (answer instanceof CardServiceResult.Refused r) {
      return loads.refusedByCentral(t, r.code(), r.message());
    }
    if (answer instanceof CardServiceResult.Unreachable u) {
      return loads.park(t, "central system unreachable: " + u.message());
    }
    CardServiceResult.Service service = (CardServiceResult.Service) answer;
    Optional<CardServiceResult.Step> countStep = countStep(service.steps());
    if (countStep.isEmpty()) {
      return loads.park(t, "card.service answered a plan without a purchase count");
    }
    if (count(image.value(), countStep.get()) >= service.expectedPurchaseCount()) {
      // The plan was made for a card that has moved on: writing it would not count as a purchase.
      return loads.park(
          t,
          "card-moved-on: the card already shows purchase count "
              + count(image.value(), countStep.get())
              + "; this load was not written");
    }
    List<MemoryWriteLog.Step> plan = new ArrayList<>();
    int no = 0;
    for (CardServiceResult.Step s : service.steps()) {
      plan.add(new MemoryWriteLog.Step(no++, s.what(), s.address(), s.data(), false, false));
    }
    Txn authorized =
        journal.apply(
            t.txnId(),
            Change.to(TxnState.AUTHORIZED)
                .set("seq_before", service.expectedPurchaseCount() - 1)
                .set("balance_after", t.amount()));
    steps.plan(t.txnId(), plan);
    PscUnlock.Outcome unlocked = PscUnlock.unlock(card, service);
    if (unlocked instanceof PscUnlock.Stopped stopped) {
      // Nothing was written in this attempt. (The central ignores this when an earlier attempt
      // may have changed the PSC.)
      cardLeft = stopped.cardLeft();
      log.error("txn {}: card {}: {}", t.txnId(), t.cardNo(), stopped.reason());
      pscKept(t);
      return loads.park(authorized, stopped.reason());
    }
    Txn writing =
        journal.apply(
            t.txnId(),
            Change.to(TxnState.WRITING)
                .detail("memory card: " + plan.size() + " commands")
                .event("txn.writing", TxnEvents.writing(authorized)));
    return write(writing, card, plan);
  }

  /** The purchase count a plan writes last: the card's evidence that every step landed. */
  static Optional<CardServiceResult.Step> countStep(List<CardServiceResult.Step> plan) {
    return plan.stream().filter(s -> s.what().equals("count")).reduce((a, b) -> b);
  }

  /** A big-endian unsigned number of at most 4 bytes (a purchase count is 2). */
  private static long unsigned(byte[] b) {
    long v = 0;
    for (byte x : b) {
      v = (v << 8) | (x & 0xFF);
    }
    return v;
  }

  /** The big-endian number {@code image} holds where {@code count} writes. */
  static int count(byte[] image, CardServiceResult.Step count) {
    int v = 0;
    for (int i = 0; i < count.data().length; i++) {
      v = (v << 8) | (image[count.address() + i] & 0xFF);
    }
    return v;
  }

  /** The whole main memory, in halves: a reader's READ carries at most 255 bytes (Le is 1 byte). */
  static CardResult<byte[]> readImage(MemoryCardSession card) {
    byte[] image = new byte[IMAGE_SIZE];
    for (int at = 0; at < IMAGE_SIZE; at += IMAGE_SIZE / 2) {
      CardResult<byte[]> part = card.read(at, IMAGE_SIZE / 2);
      if (!part.isOk()) {
        return part;
      }
      if (part.value().length != IMAGE_SIZE / 2) {
        return new CardResult.Failed<>("memory card answered " + part.value().length + " bytes");
      }
      System.arraycopy(part.value(), 0, image, at, IMAGE_SIZE / 2);
    }
    return CardResult.ok(image);
  }

  /**
   * Tells the central that this load stopped before its PSC change was sent, so the card keeps the
   * PSC the central handed out as old and other loads of the card need not wait for staff. Recorded
   * before the park: it is true whatever happens next (a resumed load asks card.service again with
   * the same txnId, which puts the rotation back in the central's view).
   */
  private void pscKept(Txn t) {
    journal.record(
        List.of(
            new PendingEvent(
                "memcard.psc-kept", Map.of("txnId", t.txnId(), "cardNo", t.cardNo()))));
  }

  private LoadOutcome write(Txn writing, MemoryCardSession card, List<MemoryWriteLog.Step> plan) {
    for (MemoryWriteLog.Step s : plan) {
      steps.markSent(writing.txnId(), s.stepNo());
      CardResult<Void> r =
          s.address() < 0 ? card.changePsc(s.data()) : card.write(s.address(), s.data());
      if (!r.isOk()) {
        log.warn(
            "txn {}: memory step {} ({}) ended with {}",
            writing.txnId(),
            s.stepNo(),
            s.what(),
            r.describe());
        if (r instanceof CardResult.Removed) {
          cardLeft = true;
          return new LoadOutcome.Uncertain(writing);
        }
        // The card is still here: ask it, but do not write again in this session (a card that
        // fails every write would loop); the next insertion resolves it.
        return decide(writing, card, false);
      }
      steps.markDone(writing.txnId(), s.stepNo());
    }
    return loads.completeMemory(writing);
  }

  /**
   * Decides a WRITING memory-card load from the card: the purchase count the plan writes last shows
   * its new value (or more, after later loads) only if every step landed. Otherwise nothing counts
   * on the card (the meter takes gas only with the new count) and the load is written again with
   * the same card.service answer (same txnId, same PSCs). When the interrupted write may have
   * changed the PSC the central says so with two candidates, which {@link PscUnlock} presents
   * without ever risking the card; whatever happened meanwhile at other kiosks (one may have
   * finished this load: then the count shows it) the central's answer decides.
   */
  LoadOutcome resolveUncertain(Txn t, MemoryCardSession card) {
    cardLeft = false;
    return decide(t, card, true);
  }

  private LoadOutcome decide(Txn t, MemoryCardSession card, boolean writeAgain) {
    List<MemoryWriteLog.Step> plan = steps.steps(t.txnId());
    MemoryWriteLog.Step count =
        plan.stream().filter(s -> s.what().equals("count")).reduce((a, b) -> b).orElse(null);
    if (count == null) {
      log.error("txn {}: WRITING without a memory-card plan; left for central", t.txnId());
      return new LoadOutcome.Uncertain(t);
    }
    CardResult<byte[]> now = card.read(count.address(), count.data().length);
    if (!now.isOk()) {
      cardLeft = now instanceof CardResult.Removed;
      return new LoadOutcome.Uncertain(t);
    }
    if (unsigned(now.value()) >= unsigned(count.data())) {
      return loads.completeMemory(t);
    }
    if (!writeAgain) {
      return new LoadOutcome.Uncertain(t);
    }
    Txn paid =
        journal.apply(
            t.txnId(),
            Change.to(TxnState.PAID)
                .detail(
                    "card evidence: purchase count still "
                        + HEX.formatHex(now.value())
                        + ": load not applied, written again with the same card.service answer"));
    return load(paid, card);
  }
}
