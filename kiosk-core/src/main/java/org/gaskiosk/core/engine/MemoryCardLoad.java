package org.gaskiosk.core.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
import org.gaskiosk.core.port.MemoryCardSession.PscCheck;
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
                image.value()));
    if (answer instanceof CardServiceResult.Refused r) {
      return loads.park(t, "central refused: " + r.code() + " (" + r.message() + ")");
    }
    if (answer instanceof CardServiceResult.Unreachable u) {
      return loads.park(t, "central system unreachable: " + u.message());
    }
    CardServiceResult.Service service = (CardServiceResult.Service) answer;
    // A spent try means someone presented a wrong PSC: presenting again is a person's decision.
    CardResult<Integer> tries = card.pscTriesLeft();
    if (!tries.isOk()) {
      cardLeft = tries instanceof CardResult.Removed;
      return loads.park(t, tries.describe());
    }
    if (tries.value() != 3) {
      pscKept(t);
      return loads.park(
          t,
          "psc-tries-spent: the card shows "
              + tries.value()
              + " PSC tries left; no PSC is presented until staff decide");
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
    CardResult<PscCheck> check = card.presentPsc(service.oldPsc());
    if (!check.isOk()) {
      // Nothing was written; the try it may have spent shows in the counter next time.
      cardLeft = check instanceof CardResult.Removed;
      pscKept(t);
      return loads.park(authorized, "PSC presentation: " + check.describe());
    }
    if (!check.value().accepted()) {
      log.error(
          "txn {}: card {} refused the central's PSC ({} tries left); not presented again",
          t.txnId(),
          t.cardNo(),
          check.value().triesLeft());
      pscKept(t);
      return loads.park(
          authorized,
          "psc-refused: the card refused the PSC the central system holds ("
              + check.value().triesLeft()
              + " tries left); staff must check the card");
    }
    Txn writing =
        journal.apply(
            t.txnId(),
            Change.to(TxnState.WRITING)
                .detail("memory card: " + plan.size() + " commands")
                .event("txn.writing", TxnEvents.writing(authorized)));
    return write(writing, card, plan);
  }

  /** The whole main memory, in halves: a reader's READ carries at most 255 bytes (Le is 1 byte). */
  private static CardResult<byte[]> readImage(MemoryCardSession card) {
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
        return resolveUncertain(writing, card);
      }
      steps.markDone(writing.txnId(), s.stepNo());
    }
    return loads.completeMemory(writing);
  }

  /**
   * Decides a WRITING memory-card load from the card: the purchase count the plan writes last shows
   * its new value only if every step landed. Otherwise nothing counts on the card (the meter takes
   * gas only with the new count); the load goes back to PAID to be written afresh when the PSC
   * change was never sent, and becomes a pending credit for staff when it may have been (the card
   * may hold either PSC: guessing would spend a try).
   */
  LoadOutcome resolveUncertain(Txn t, MemoryCardSession card) {
    cardLeft = false;
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
    if (Arrays.equals(now.value(), count.data())) {
      return loads.completeMemory(t);
    }
    boolean pscMaybeChanged = plan.stream().anyMatch(s -> s.address() < 0 && s.sent());
    if (pscMaybeChanged) {
      return loads.park(
          t,
          "psc-uncertain: the load was interrupted after the PSC change was sent; the card shows"
              + " purchase count "
              + HEX.formatHex(now.value())
              + ", nothing was bought");
    }
    Txn paid =
        journal.apply(
            t.txnId(),
            Change.to(TxnState.PAID)
                .detail(
                    "card evidence: purchase count still "
                        + HEX.formatHex(now.value())
                        + ", PSC unchanged: load not applied"));
    return load(paid, card);
  }
}
