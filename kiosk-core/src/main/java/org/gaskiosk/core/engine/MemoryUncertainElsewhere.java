package org.gaskiosk.core.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.journal.PendingEvent;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.CardServiceRequest;
import org.gaskiosk.core.port.CardServiceResult;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.core.port.MemoryCardSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles memory-card loads another kiosk left uncertain on this card (it journaled WRITING, sent
 * {@code txn.writing}, and never reported the outcome: a pulled card, a power cut, a kiosk that
 * never came back). The memory-card twin of {@link UncertainElsewhere}, with one difference that
 * the card forces: an SLE4442 has no log, only its purchase count, and a second load would write
 * the same next count, so the count can witness a load only while no other load is written. The
 * central therefore serves no new load of the card while one is open (card.service {@code
 * psc-uncertain}), and whichever kiosk sees the card settles the open one:
 *
 * <ul>
 *   <li>the count already shows it: it is on the card; report {@code txn.resolved applied};
 *   <li>otherwise finish it: ask card.service for that txnId (the same plan, the same PSCs, and the
 *       two PSCs the card may hold), unlock with {@link PscUnlock} (all three tries or nothing,
 *       each candidate at most once), write the plan again (every step writes the same bytes, so
 *       writing it twice is writing it once), check the count, report {@code applied}.
 * </ul>
 *
 * The report goes through the outbox once ({@code recorded_once}); the central books it as the
 * writer's load, and the writer, seeing the card again, finds the count and completes without
 * writing. Nothing is journaled before these writes: they carry none of this kiosk's money, and a
 * cut half-way leaves exactly what the next kiosk resumes from (the card in some state of the same
 * plan, the load still open at the central). If the card refuses both PSCs or shows a spent try,
 * nothing is written or reported: the load stays open for staff, visible in card.lookup.
 */
final class MemoryUncertainElsewhere {
  private static final Logger log = LoggerFactory.getLogger(MemoryUncertainElsewhere.class);

  private static final String FINISHED = "finished at kiosk ";

  private final KioskConfig config;
  private final RechargeJournal journal;
  private final CentralSystem central;

  MemoryUncertainElsewhere(KioskConfig config, RechargeJournal journal, CentralSystem central) {
    this.config = config;
    this.journal = journal;
    this.central = central;
  }

  /**
   * Settles every uncertain load of other kiosks the central system listed for this card.
   *
   * @return what was decided (empty when nothing); {@code finishedHere} when this kiosk wrote the
   *     load, whose gas now waits for the meter
   */
  List<Map<String, Object>> settle(
      String cardNo, LookupResult.Account account, MemoryCardSession card) {
    List<Map<String, Object>> decided = new ArrayList<>();
    for (LookupResult.UncertainLoad u : account.uncertain()) {
      if (journal.find(u.txnId()).isPresent()) {
        continue; // this kiosk's own: MemoryCardLoad.resolveUncertain settles it
      }
      Optional<String> evidence = settleOne(cardNo, u, card);
      if (evidence.isEmpty()) {
        continue;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("txnId", u.txnId());
      body.put("outcome", "applied");
      body.put("evidence", evidence.get());
      body.put("sequence", u.sequence());
      body.put("tac", "");
      body.put("resolvedBy", config.kioskId());
      journal.recordOnce("txn.resolved:" + u.txnId(), new PendingEvent("txn.resolved", body));
      log.info("uncertain memory-card load {} of kiosk {}: {}", u.txnId(), u.kioskId(), evidence);
      decided.add(
          Map.of(
              "txnId",
              u.txnId(),
              "outcome",
              "applied",
              "finishedHere",
              evidence.get().startsWith(FINISHED)));
    }
    return decided;
  }

  /** {@code s} with the untaken-load flag: a load just finished here waits for the meter. */
  static CardSnapshot untaken(CardSnapshot s) {
    MeterRecord m = s.meter();
    return new CardSnapshot(
        s.cardNo(),
        s.family(),
        s.unit(),
        s.balance(),
        new MeterRecord(
            m.remaining(),
            m.valveClosed(),
            m.lowBattery(),
            m.magneticAttack(),
            m.leakAlarm(),
            m.lastUse(),
            true));
  }

  private Optional<String> settleOne(
      String cardNo, LookupResult.UncertainLoad u, MemoryCardSession card) {
    CardResult<byte[]> image = MemoryCardLoad.readImage(card);
    if (!image.isOk()) {
      return Optional.empty();
    }
    CardServiceResult answer =
        central.cardService(
            new CardServiceRequest(
                UUID.randomUUID().toString(),
                u.txnId(),
                cardNo,
                u.amount(),
                u.money(),
                image.value()));
    if (!(answer instanceof CardServiceResult.Service service)) {
      log.warn("uncertain memory-card load {}: card.service answered {}", u.txnId(), answer);
      return Optional.empty();
    }
    Optional<CardServiceResult.Step> count = MemoryCardLoad.countStep(service.steps());
    if (count.isEmpty()) {
      return Optional.empty();
    }
    int shown = MemoryCardLoad.count(image.value(), count.get());
    if (shown >= service.expectedPurchaseCount()) {
      return Optional.of("purchase count " + shown + " on the card");
    }
    PscUnlock.Outcome unlocked = PscUnlock.unlock(card, service);
    if (unlocked instanceof PscUnlock.Stopped stopped) {
      log.error(
          "uncertain memory-card load {} of kiosk {} left for staff: {}",
          u.txnId(),
          u.kioskId(),
          stopped.reason());
      return Optional.empty();
    }
    for (CardServiceResult.Step s : service.steps()) {
      CardResult<Void> r =
          s.changesPsc() ? card.changePsc(s.data()) : card.write(s.address(), s.data());
      if (!r.isOk()) {
        log.warn("finishing load {}: step {} ended with {}", u.txnId(), s.what(), r.describe());
        return Optional.empty(); // the next kiosk resumes from the same plan
      }
    }
    CardResult<byte[]> after = card.read(count.get().address(), count.get().data().length);
    if (!after.isOk() || !Arrays.equals(after.value(), count.get().data())) {
      return Optional.empty();
    }
    return Optional.of(
        FINISHED
            + config.kioskId()
            + ": purchase count "
            + shown
            + " -> "
            + service.expectedPurchaseCount());
  }
}
