package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.gaskiosk.sim.central.Fields.Rejected;
import org.gaskiosk.sim.central.LedgerSnapshot.Cancellation;
import org.gaskiosk.sim.central.LedgerSnapshot.EventEntry;
import org.gaskiosk.sim.central.LedgerSnapshot.KioskStream;
import org.gaskiosk.sim.central.LedgerSnapshot.Load;
import org.gaskiosk.sim.central.LedgerSnapshot.Payment;
import org.gaskiosk.sim.central.LedgerSnapshot.PendingCredit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a kiosk's event batch ({@code events/1}) to the ledger: each eventId once, duplicates
 * counted; a body that breaks the contract is kept as a rejected event so that it still counts once
 * and the kiosk's outbox is not blocked by it. Runs under the simulator's lock.
 */
final class EventProcessor {
  private static final Logger log = LoggerFactory.getLogger(EventProcessor.class);

  private final CentralState state;
  private final OrderBook orders;
  private final FleetProcessor fleet;
  private final MeterAlertBook meterAlerts;
  private final ResidentProcessor residents;

  EventProcessor(CentralState state, OrderBook orders) {
    this.state = state;
    this.orders = orders;
    this.fleet = new FleetProcessor(state.fleet);
    this.meterAlerts = new MeterAlertBook(state.meterAlerts);
    this.residents = new ResidentProcessor(state.residents);
  }

  /**
   * Applies one batch from {@code kioskId}'s evt topic.
   *
   * @return the seq to acknowledge (everything of this kiosk up to it is committed once the caller
   *     commits), or -1 when nothing can be acknowledged
   * @throws Rejected when the batch itself breaks the contract (nothing is applied then)
   */
  long apply(String kioskId, JsonNode batch, String now) {
    String schema = Fields.optionalText(batch, "schema", "events/1");
    if (!schema.equals("events/1")) {
      throw new Rejected("unsupported schema " + schema);
    }
    String claimed = Fields.optionalText(batch, "kioskId", kioskId);
    if (!claimed.equals(kioskId)) {
      throw new Rejected("batch of kiosk " + claimed + " on the topic of kiosk " + kioskId);
    }
    String bootId = Fields.text(batch, "bootId");
    long afterSeq = Fields.amount(batch, "afterSeq");
    JsonNode events = batch.get("events");
    if (events == null || !events.isArray() || events.isEmpty()) {
      throw new Rejected("'events' must be a non-empty array");
    }
    long lastSeq = validateEnvelopes(events, afterSeq);

    KioskStream s = state.kiosks.get(kioskId);
    if (s == null) {
      s = new KioskStream(kioskId, bootId, 1, 0, 0, 0, 0, 0);
    } else if (!s.bootId().equals(bootId)) {
      log.info("central: kiosk {} restarted (boot {} -> {})", kioskId, s.bootId(), bootId);
      s =
          new KioskStream(
              kioskId,
              bootId,
              s.boots() + 1,
              s.committedUpTo(),
              s.lastSeq(),
              s.events(),
              s.duplicates(),
              s.gaps());
    }
    long fresh = 0;
    long dups = 0;
    for (JsonNode e : events) {
      String eventId = e.get("eventId").asText();
      if (state.events.containsKey(eventId)) {
        dups++;
        continue;
      }
      fresh++;
      String status = applyBody(kioskId, e, now);
      state.events.put(
          eventId,
          new EventEntry(
              eventId,
              kioskId,
              bootId,
              e.get("seq").asLong(),
              e.get("type").asText(),
              Fields.optionalText(e, "occurredAt", ""),
              now,
              status));
    }
    state.duplicates += dups;
    long committed = s.committedUpTo();
    long gaps = s.gaps();
    if (afterSeq <= committed) {
      committed = Math.max(committed, lastSeq);
    } else {
      // Something between committedUpTo and afterSeq never arrived: keep acknowledging only what
      // is contiguous, the kiosk sends it all again after its ack timeout.
      gaps++;
      state.gaps++;
      log.warn(
          "central: kiosk {} sent events after {} but only up to {} are committed",
          kioskId,
          afterSeq,
          committed);
    }
    state.kiosks.put(
        kioskId,
        new KioskStream(
            kioskId,
            bootId,
            s.boots(),
            committed,
            Math.max(s.lastSeq(), lastSeq),
            s.events() + fresh,
            s.duplicates() + dups,
            gaps));
    return committed > 0 ? committed : -1;
  }

  /** Checks every envelope before anything is applied; returns the batch's highest seq. */
  private static long validateEnvelopes(JsonNode events, long afterSeq) {
    Set<String> ids = new HashSet<>();
    long last = afterSeq;
    for (JsonNode e : events) {
      if (!e.isObject()) {
        throw new Rejected("every event must be an object");
      }
      String id = Fields.text(e, "eventId");
      long seq = Fields.amount(e, "seq");
      Fields.text(e, "type");
      if (seq <= last) {
        throw new Rejected("seqs must increase and exceed afterSeq (event " + id + ")");
      }
      if (!ids.add(id)) {
        throw new Rejected("eventId " + id + " twice in one batch");
      }
      last = seq;
    }
    return last;
  }

  private String applyBody(String kioskId, JsonNode e, String now) {
    String type = e.get("type").asText();
    String eventId = e.get("eventId").asText();
    JsonNode body = e.get("body");
    try {
      if (FleetProcessor.isFleetType(type)) {
        fleet.apply(kioskId, type, body);
        return "applied";
      }
      if (type.equals(SettlementBook.TYPE)) {
        SettlementBook.store(state, kioskId, body);
        return "applied";
      }
      if (type.equals(MeterAlertBook.TYPE)) {
        meterAlerts.apply(kioskId, eventId, body, now);
        return "applied";
      }
      if (type.equals("txn.writing")) {
        writing(kioskId, body);
        return "applied";
      }
      if (type.equals("txn.resolved")) {
        resolved(kioskId, eventId, body, now);
        return "applied";
      }
      if (ResidentProcessor.isResidentType(type)) {
        residents.apply(kioskId, eventId, type, body, now);
        return "applied";
      }
      if (type.equals("memcard.psc-kept") && body != null && body.isObject()) {
        MemoryCardService.pscKept(state, Fields.text(body, "txnId"));
        return "applied";
      }
      if (!isLedgerType(type)) {
        state.unknownTypes++;
        return "recorded";
      }
      if (body == null || !body.isObject()) {
        throw new Rejected("body is not a JSON object");
      }
      switch (type) {
        case "cash.accepted" ->
            state.addPayment(
                new Payment(
                    Fields.text(body, "txnId"),
                    Fields.text(body, "noteId"),
                    Fields.amount(body, "value"),
                    kioskId,
                    eventId));
        case "txn.completed" -> completed(kioskId, eventId, body, now);
        case "txn.pending" -> pending(kioskId, body, now);
        case "txn.cancelled" -> cancelled(kioskId, body);
        case "qr.paid" ->
            state.addPayment(
                new Payment(
                    Fields.text(body, "txnId"),
                    SettlementBook.QR_PAYMENT_PREFIX + Fields.text(body, "paymentId"),
                    Fields.amount(body, "money"),
                    kioskId,
                    eventId));
        default -> loadedElsewhere(kioskId, body);
      }
      return "applied";
    } catch (Rejected r) {
      state.rejectedEvents++;
      log.warn(
          "central: event {} ({}) from kiosk {} rejected: {}",
          eventId,
          type,
          kioskId,
          r.getMessage());
      return "rejected: " + r.getMessage();
    }
  }

  private static boolean isLedgerType(String type) {
    return switch (type) {
      case "cash.accepted",
          "txn.completed",
          "txn.pending",
          "txn.cancelled",
          "txn.loaded-elsewhere",
          "qr.paid" ->
          true;
      default -> false;
    };
  }

  private void completed(String kioskId, String eventId, JsonNode b, String now) {
    String txnId = Fields.text(b, "txnId");
    Load previous = state.loads.get(txnId);
    UncertainLoad u = state.uncertainLoads.get(txnId);
    if (previous != null && u != null && u.status().equals("applied")) {
      return; // another kiosk already proved it from the card; the writer confirms it
    }
    if (u != null && u.open()) {
      // The writer confirmed it: no longer uncertain, and nothing to remember (every load passes
      // through here, so keeping them would grow the state without end).
      state.uncertainLoads.remove(txnId);
    }
    if (previous != null) {
      throw new Rejected("txn " + txnId + " was already completed by event " + previous.eventId());
    }
    Load load =
        new Load(
            txnId,
            kioskId,
            Fields.cardNo(b, "cardNo"),
            Fields.oneOf(b, "kind", "purchase", "pickup", "resume"),
            Fields.amount(b, "amount"),
            Fields.oneOf(b, "unit", "fen", "centi-m3"),
            Fields.amount(b, "money"),
            Fields.optionalAmount(b, "cashPaid", 0),
            Fields.textList(b, "orderIds"),
            (int) Fields.optionalAmount(b, "sequence", -1),
            Fields.optionalText(b, "tac", ""),
            Fields.optionalAmount(b, "newBalance", -1),
            Fields.optionalText(b, "terminalId", ""),
            eventId);
    state.loads.put(txnId, load);
    orders.pickUp(txnId, load.cardNo(), load.orderIds(), load.amount(), load.money(), now);
    for (String id : load.orderIds()) {
      if (id.startsWith(OrderBook.PENDING_PREFIX)) {
        String pendingTxn = id.substring(OrderBook.PENDING_PREFIX.length());
        PendingCredit p = state.pendingCredits.get(pendingTxn);
        if (p != null) {
          state.pendingCredits.put(pendingTxn, withStatus(p, "loaded", txnId));
        }
      }
    }
    if (load.kind().equals("purchase") && load.unit().equals("centi-m3")) {
      addCycleVolume(load.cardNo(), load.amount());
    }
  }

  private void pending(String kioskId, JsonNode b, String now) {
    String txnId = Fields.text(b, "txnId");
    String cardNo = Fields.cardNo(b, "cardNo");
    String unit = Fields.oneOf(b, "unit", "fen", "centi-m3");
    long amount = Fields.amount(b, "amount");
    long money = Fields.amount(b, "money");
    String reference = Fields.optionalText(b, "reference", txnId);
    UncertainLoad u = state.uncertainLoads.get(txnId);
    if (u != null
        && u.open()
        && u.kioskId().equals(kioskId)
        && state.cardServices.containsKey(txnId)) {
      // A memory-card load its writer found not on the card (the count) and parked before writing
      // again: its value is now this pending credit, so no kiosk may finish the load as well.
      state.uncertainLoads.put(txnId, u.with("pending", kioskId));
    }
    state.pendingCredits.put(
        txnId,
        new PendingCredit(
            txnId,
            kioskId,
            cardNo,
            unit,
            amount,
            money,
            Fields.optionalText(b, "reason", ""),
            reference,
            "open",
            null));
    orders.registerPending(
        txnId, cardNo, amount, money, "paid at kiosk " + kioskId + ", reference " + reference, now);
    Load resumed =
        state.loads.values().stream()
            .filter(l -> l.orderIds().contains(OrderBook.pendingOrderId(txnId)))
            .findFirst()
            .orElse(null);
    if (resumed != null) { // the resume's txn.completed overtook this event
      state.pendingCredits.put(
          txnId, withStatus(state.pendingCredits.get(txnId), "loaded", resumed.txnId()));
    }
    if (unit.equals("centi-m3")) {
      addCycleVolume(cardNo, amount);
    }
  }

  private void cancelled(String kioskId, JsonNode b) {
    String txnId = Fields.text(b, "txnId");
    Cancellation c =
        new Cancellation(
            txnId,
            kioskId,
            Fields.cardNo(b, "cardNo"),
            Fields.optionalText(b, "reason", ""),
            Fields.textList(b, "orderIds"));
    state.cancellations.put(txnId, c);
    orders.release(txnId, c.orderIds());
  }

  private void loadedElsewhere(String kioskId, JsonNode b) {
    String txnId = Fields.text(b, "txnId");
    UncertainLoad u = state.uncertainLoads.get(txnId);
    if (u != null && u.resolvedElsewhere()) {
      return; // the writer deferred to a decision already booked here: nothing moves again
    }
    String cardNo = Fields.cardNo(b, "cardNo");
    // The kiosk names the other transaction when it knows it; a refusal by the central system
    // (order-taken, resolved-elsewhere) does not tell it, and the order book already knows.
    String holder = orders.holderOfPending(txnId);
    String byTxnId = Fields.optionalText(b, "byTxnId", holder == null ? "" : holder);
    long money = Fields.amount(b, "money");
    PendingCredit p = state.pendingCredits.get(txnId);
    if (p == null) {
      p = new PendingCredit(txnId, kioskId, cardNo, "", 0, money, "", txnId, "open", null);
    }
    state.pendingCredits.put(txnId, withStatus(p, "loaded-elsewhere", byTxnId));
    // The kiosk's word closes its pending order either way, even when no holder is known here.
    orders.loadedElsewhere(txnId, byTxnId);
  }

  /** A kiosk is about to write a load: until confirmed it is uncertain for every kiosk. */
  private void writing(String kioskId, JsonNode b) {
    String txnId = Fields.text(b, "txnId");
    if (state.loads.containsKey(txnId) || state.uncertainLoads.containsKey(txnId)) {
      return;
    }
    state.uncertainLoads.put(
        txnId,
        new UncertainLoad(
            txnId,
            kioskId,
            Fields.cardNo(b, "cardNo"),
            Fields.oneOf(b, "kind", "purchase", "pickup", "resume"),
            Fields.oneOf(b, "unit", "fen", "centi-m3"),
            Fields.amount(b, "amount"),
            Fields.amount(b, "money"),
            Fields.textList(b, "orderIds"),
            (int) Fields.amount(b, "sequence"),
            Fields.optionalText(b, "terminalId", ""),
            Fields.optionalText(b, "reference", txnId),
            "open",
            null));
  }

  /**
   * A kiosk read the card's evidence for another kiosk's uncertain load. Applied: booked as that
   * kiosk's load. Not applied: its orders go back to OPEN, or its cash becomes pending credit
   * {@code pending:<txnId>}. Decided once; a second report changes nothing.
   */
  private void resolved(String kioskId, String eventId, JsonNode b, String now) {
    String txnId = Fields.text(b, "txnId");
    String outcome = Fields.oneOf(b, "outcome", "applied", "not-applied");
    UncertainLoad u = state.uncertainLoads.get(txnId);
    if (u == null && state.loads.containsKey(txnId)) {
      return; // its writer's txn.completed came first and settled it; nothing moves again
    }
    if (u == null) {
      throw new Rejected("no uncertain load " + txnId);
    }
    if (!u.open()) {
      return;
    }
    state.uncertainLoads.put(txnId, u.with(outcome, kioskId));
    com.fasterxml.jackson.databind.node.ObjectNode body =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    body.put("txnId", txnId);
    body.put("cardNo", u.cardNo());
    body.put("unit", u.unit());
    body.put("amount", u.amount());
    body.put("money", u.money());
    body.put("reference", u.reference());
    if (outcome.equals("applied")) {
      body.put("kind", u.kind());
      body.put("cashPaid", u.orderIds().isEmpty() ? u.money() : 0);
      body.set(
          "orderIds", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode());
      u.orderIds()
          .forEach(((com.fasterxml.jackson.databind.node.ArrayNode) body.get("orderIds"))::add);
      body.put("sequence", u.sequence());
      body.put("tac", Fields.optionalText(b, "tac", ""));
      body.put("terminalId", u.terminalId());
      completed(u.kioskId(), eventId, body, now);
    } else if (!u.orderIds().isEmpty()) {
      orders.release(txnId, u.orderIds());
    } else {
      body.put("reason", "not on the card (checked at kiosk " + kioskId + ")");
      pending(u.kioskId(), body, now);
    }
  }

  private void addCycleVolume(String cardNo, long centiM3) {
    Account a = state.accounts.get(cardNo);
    if (a != null) {
      state.accounts.put(cardNo, a.withCycleVolume(a.cycleVolumeCentiM3() + centiM3));
    }
  }

  private static PendingCredit withStatus(PendingCredit p, String status, String loadedBy) {
    return new PendingCredit(
        p.txnId(),
        p.kioskId(),
        p.cardNo(),
        p.unit(),
        p.amount(),
        p.money(),
        p.reason(),
        p.reference(),
        status,
        loadedBy);
  }
}
