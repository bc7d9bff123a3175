package org.gaskiosk.core.engine;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gaskiosk.core.journal.PendingEvent;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.port.CardLogEntry;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.core.port.PurseSession;
import org.gaskiosk.core.port.TransactionProof;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles loads another kiosk left uncertain on this card (it journaled WRITING and never told the
 * central system the outcome: pulled card, power cut, a kiosk that never came back). The card is
 * the only witness: its online sequence, its transaction log and its proof say whether the load is
 * on it. This kiosk writes nothing for it; it reports the evidence ({@code txn.resolved}) through
 * the outbox, once, and the central system books it exactly once: applied as the writer's load, not
 * applied as an order any kiosk then loads. The writer, seeing the card again, is told {@code
 * resolved-elsewhere} and never writes it.
 */
final class UncertainElsewhere {
  private static final Logger log = LoggerFactory.getLogger(UncertainElsewhere.class);
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final KioskConfig config;
  private final RechargeJournal journal;

  UncertainElsewhere(KioskConfig config, RechargeJournal journal) {
    this.config = config;
    this.journal = journal;
  }

  /**
   * Reads the evidence for every uncertain load of other kiosks the central system listed.
   *
   * @return what was decided, for the resident's screen (empty when nothing)
   */
  List<Map<String, Object>> settle(LookupResult.Account account, PurseSession card) {
    List<Map<String, Object>> decided = new ArrayList<>();
    for (LookupResult.UncertainLoad u : account.uncertain()) {
      if (journal.find(u.txnId()).isPresent()) {
        continue; // this kiosk's own: its journal and LoadProcedure settle it
      }
      Optional<Map<String, Object>> evidence = evidence(u, card);
      if (evidence.isEmpty()) {
        continue;
      }
      Map<String, Object> body = evidence.get();
      journal.recordOnce("txn.resolved:" + u.txnId(), new PendingEvent("txn.resolved", body));
      log.info("uncertain load {} of kiosk {}: {}", u.txnId(), u.kioskId(), body.get("outcome"));
      decided.add(Map.of("txnId", u.txnId(), "outcome", body.get("outcome")));
    }
    return decided;
  }

  private Optional<Map<String, Object>> evidence(LookupResult.UncertainLoad u, PurseSession card) {
    // INITIALIZE FOR LOAD changes nothing on the card; it is how a kiosk reads the sequence.
    CardResult<LoadInit> probe =
        card.initializeForLoad(Math.max(1, u.amount()), config.terminalId());
    if (!probe.isOk()) {
      return Optional.empty();
    }
    int now = probe.value().sequence();
    if (now == u.sequence()) {
      return Optional.of(body(u, "not-applied", "sequence still " + now, ""));
    }
    CardResult<List<CardLogEntry>> logResult = card.readLog();
    if (!logResult.isOk()) {
      return Optional.empty();
    }
    Optional<CardLogEntry> ours =
        logResult.value().stream()
            .filter(e -> e.sequence() == u.sequence())
            .filter(e -> e.type() == CardLogEntry.TYPE_PURSE_LOAD)
            .filter(e -> e.amount() == u.amount())
            .filter(e -> e.terminalId().equalsIgnoreCase(u.terminalId()))
            .findFirst();
    if (ours.isPresent()) {
      CardResult<Optional<TransactionProof>> proof = card.transactionProve(u.sequence());
      String tac =
          proof.isOk() && proof.value().isPresent() ? HEX.formatHex(proof.value().get().tac()) : "";
      return Optional.of(body(u, "applied", "log record of sequence " + u.sequence(), tac));
    }
    if (logResult.value().stream().anyMatch(e -> e.sequence() <= u.sequence())) {
      return Optional.of(
          body(u, "not-applied", "sequence " + u.sequence() + " used by another load", ""));
    }
    return Optional.empty(); // the log no longer reaches it: left to the central system's people
  }

  private Map<String, Object> body(
      LookupResult.UncertainLoad u, String outcome, String evidence, String tac) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("txnId", u.txnId());
    m.put("outcome", outcome);
    m.put("evidence", evidence);
    m.put("sequence", u.sequence());
    m.put("tac", tac);
    m.put("resolvedBy", config.kioskId());
    return m;
  }
}
