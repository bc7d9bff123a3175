package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.sim.central.Fields.Rejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code card.service} (docs/mqtt.md): the meter vendor's card service for SLE4442 memory
 * cards. It alone knows the layout (docs/card-profile.md): from the raw image it computes the gas
 * area, its backup copy and the next purchase count, and it keeps each card's PSC, which rotates
 * with every load. Runs under the simulator's lock.
 */
final class MemoryCardService {
  private static final Logger log = LoggerFactory.getLogger(MemoryCardService.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  private static final long MAX_U32 = 0xFFFF_FFFFL;

  static final String RESULT = "card.service.result/1";

  /** The layout of the city's user cards (docs/card-profile.md). */
  static final int SIZE = 256;

  static final int TYPE = 0x20;
  static final int USER_CARD = 0xDD;
  static final int CARD_NO = 0x21;
  static final int PURCHASE_COUNT = 0x30;
  static final int GAS_AREA = 0x32;
  static final int GAS_BACKUP = 0x36;

  private final CentralState state;
  private final OrderBook orders;

  MemoryCardService(CentralState state, OrderBook orders) {
    this.state = state;
    this.orders = orders;
  }

  ObjectNode serve(String kioskId, JsonNode req, String now) {
    String requestId = Fields.text(req, "requestId");
    String txnId = Fields.text(req, "txnId");
    String cardNo = Fields.cardNo(req, "cardNo");
    long amount = Fields.amount(req, "amount");
    long money = Fields.amount(req, "money");
    if (amount == 0 || amount > MAX_U32) {
      throw new Rejected("'amount' must be between 1 and 4294967295");
    }
    byte[] image = Fields.hex(req, "image", SIZE);
    List<String> orderIds = Fields.textList(req, "orderIds");

    ObjectNode res = JSON.createObjectNode();
    res.put("schema", RESULT);
    res.put("requestId", requestId);
    res.put("txnId", txnId);
    CardServiceEntry given = state.cardServices.get(txnId);
    if (given != null) {
      if (!given.cardNo().equals(cardNo) || given.amount() != amount || given.money() != money) {
        return refused(res, "txn-mismatch", "txn " + txnId + " was served for another load");
      }
      UncertainLoad settled = state.uncertainLoads.get(txnId);
      if (settled != null && settled.resolvedElsewhere() && kioskId.equals(given.kioskId())) {
        return refused(
            res,
            "resolved-elsewhere",
            "kiosk "
                + settled.resolvedBy()
                + " found this load "
                + settled.status()
                + " on the card");
      }
      OrderBook.Refusal taken = reserve(txnId, cardNo, amount, money, orderIds, now);
      if (taken != null) {
        return refused(res, taken.code(), taken.message());
      }
      MemoryCardRecord card = state.memoryCards.get(cardNo);
      if (card != null && !card.pending() && card.psc().equals(given.oldPsc())) {
        // A load its writer reported as stopped before the PSC change is being resumed: the
        // rotation it may now perform is pending again.
        state.memoryCards.put(
            cardNo, card.rotating(txnId, given.newPsc(), given.expectedPurchaseCount()));
      }
      return service(res, given, u16(image, PURCHASE_COUNT));
    }
    if (!state.accounts.containsKey(cardNo)) {
      return refused(
          res, "card-unknown", "card " + CardSnapshot.mask(cardNo) + " is not registered");
    }
    if ((image[TYPE] & 0xFF) != USER_CARD) {
      return refused(res, "not-user-card", "the image is not a user card's");
    }
    if (!bcd(image, CARD_NO, 8).equals(String.format("%16s", cardNo).replace(' ', '0'))) {
      return refused(res, "card-mismatch", "the image carries another card number");
    }
    int count = u16(image, PURCHASE_COUNT);
    MemoryCardRecord card = state.memoryCards.getOrDefault(cardNo, MemoryCardRecord.issued());
    boolean inherit = false;
    if (card.pending()) {
      if (count >= card.pendingCount()) {
        // The count is written after the PSC change: seeing it proves the change happened.
        card = card.rotated();
      } else if (keptByEvidence(card)) {
        // Its writer parked it as a pending credit without ever starting to write: PSC unchanged.
        card = card.kept();
      } else if (!mayHoldPendingPsc(card)) {
        return refused(
            res,
            "psc-uncertain",
            "load "
                + card.pendingTxnId()
                + " was served and its writer has not reported yet whether it started writing."
                + " Presenting a guess would spend one of the card's three tries");
      } else if (openUncertain(card.pendingTxnId())) {
        // Its count would be this load's count too: the card could no longer tell them apart.
        return refused(
            res,
            "psc-uncertain",
            "load "
                + card.pendingTxnId()
                + " was interrupted on this card and is not settled yet; the kiosk that sees the"
                + " card finishes it first (card.lookup lists it)");
      } else {
        inherit = true; // the card holds the old PSC or the interrupted load's: keep it two
      }
    }
    OrderBook.Refusal taken = reserve(txnId, cardNo, amount, money, orderIds, now);
    if (taken != null) {
      return refused(res, taken.code(), taken.message());
    }
    long gas = u32(image, GAS_AREA);
    if (gas != 0) {
      return refused(
          res,
          "untaken-load",
          "the card still carries "
              + gas
              + " the meter has not taken; insert it in the meter first");
    }
    if (count >= 0xFFFF) {
      return refused(res, "count-exhausted", "the card's purchase count is at its limit");
    }
    int next = count + 1;
    String newPsc = inherit ? card.pendingPsc() : newPsc(cardNo, txnId, card.psc());
    byte[] area = u32bytes(amount);
    List<String> steps = new ArrayList<>();
    // Backup first: a tear leaves either nothing changed or a backup the count does not yet cover.
    steps.add("backup:" + GAS_BACKUP + ":" + HEX.formatHex(area));
    steps.add("gas:" + GAS_AREA + ":" + HEX.formatHex(area));
    // The PSC change before the count, so that the new count proves the new PSC.
    steps.add("psc:-1:" + newPsc);
    steps.add(
        "count:"
            + PURCHASE_COUNT
            + ":"
            + HEX.formatHex(new byte[] {(byte) (next >> 8), (byte) next}));
    CardServiceEntry entry =
        new CardServiceEntry(
            txnId, kioskId, cardNo, amount, money, card.psc(), newPsc, next, steps);
    state.cardServices.put(txnId, entry);
    state.memoryCards.put(
        cardNo, inherit ? card.inheriting(txnId, next) : card.rotating(txnId, newPsc, next));
    log.info(
        "central: card.service for txn {} from kiosk {}: card {} count {} -> {}",
        txnId,
        kioskId,
        CardSnapshot.mask(cardNo),
        count,
        next);
    return service(res, entry, count);
  }

  /** Reserves the orders a pickup or a resumed pending credit loads, as load.authorize does. */
  private OrderBook.Refusal reserve(
      String txnId, String cardNo, long amount, long money, List<String> orderIds, String now) {
    return orderIds.isEmpty() ? null : orders.reserve(txnId, cardNo, amount, money, orderIds, now);
  }

  /**
   * Whether the card may already hold the pending load's new PSC: that load started writing ({@code
   * txn.writing} arrived, whatever became of it since), or an earlier one set it.
   */
  private boolean mayHoldPendingPsc(MemoryCardRecord card) {
    return card.inherited() || state.uncertainLoads.containsKey(card.pendingTxnId());
  }

  /**
   * The pending load's writer turned it into a pending credit ({@code txn.pending}), or cancelled
   * it (a pickup stopped before writing releases its orders: {@code txn.cancelled}), and never sent
   * {@code txn.writing}, which it commits before the first write: the PSC change was never sent.
   * (One kiosk's events arrive in order, so a txn.writing cannot follow its own txn.pending, and a
   * transaction that wrote can no longer be cancelled.)
   */
  private boolean keptByEvidence(MemoryCardRecord card) {
    String txnId = card.pendingTxnId();
    return !mayHoldPendingPsc(card)
        && (state.pendingCredits.containsKey(txnId) || state.cancellations.containsKey(txnId));
  }

  private boolean openUncertain(String txnId) {
    UncertainLoad u = state.uncertainLoads.get(txnId);
    return u != null && u.open();
  }

  /**
   * The writer of {@code txnId} reports that it never sent the PSC change (the load stopped
   * before): the card keeps its old PSC and the next load may be served.
   */
  static void pscKept(CentralState state, String txnId) {
    CardServiceEntry e = state.cardServices.get(txnId);
    if (e == null) {
      return;
    }
    MemoryCardRecord card = state.memoryCards.get(e.cardNo());
    // Only while the load never started writing: once it did (txn.writing), an earlier attempt or
    // another kiosk finishing it may have changed the PSC, whatever this attempt did.
    if (card != null
        && txnId.equals(card.pendingTxnId())
        && !card.inherited()
        && !state.uncertainLoads.containsKey(txnId)) {
      state.memoryCards.put(e.cardNo(), card.kept());
    }
  }

  /**
   * The answer for {@code e}; with {@code pscCandidates} when the card (showing {@code count}) may
   * hold the PSC this plan sets instead of its old one.
   */
  private ObjectNode service(ObjectNode res, CardServiceEntry e, int count) {
    res.put("result", "service");
    res.put("oldPsc", e.oldPsc());
    res.put("newPsc", e.newPsc());
    res.put("expectedPurchaseCount", e.expectedPurchaseCount());
    MemoryCardRecord card = state.memoryCards.get(e.cardNo());
    if (count < e.expectedPurchaseCount()
        && card != null
        && e.txnId().equals(card.pendingTxnId())
        && mayHoldPendingPsc(card)) {
      res.putArray("pscCandidates").add(e.newPsc()).add(e.oldPsc());
    }
    ArrayNode steps = res.putArray("steps");
    for (String s : e.steps()) {
      String[] p = s.split(":");
      ObjectNode step = steps.addObject();
      step.put("what", p[0]);
      if (!p[0].equals("psc")) {
        step.put("address", Integer.parseInt(p[1]));
      }
      step.put("data", p[2]);
    }
    return res;
  }

  /**
   * The vendor service derives the next PSC from its own secret; the simulator derives it from the
   * card, the load and the old PSC so that runs reproduce. Never the transport code FFFFFF.
   */
  private static String newPsc(String cardNo, String txnId, String oldPsc) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] d = sha.digest((cardNo + "|" + txnId + "|" + oldPsc).getBytes(StandardCharsets.UTF_8));
      String psc = HEX.formatHex(d, 0, 3);
      return psc.equals("FFFFFF") || psc.equals(oldPsc) ? HEX.formatHex(d, 3, 6) : psc;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static ObjectNode refused(ObjectNode res, String code, String message) {
    res.put("result", "refused");
    res.put("code", code);
    res.put("message", message);
    return res;
  }

  private static String bcd(byte[] m, int at, int len) {
    return HEX.formatHex(m, at, at + len);
  }

  private static int u16(byte[] m, int at) {
    return ((m[at] & 0xFF) << 8) | (m[at + 1] & 0xFF);
  }

  private static long u32(byte[] m, int at) {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (m[at + i] & 0xFF);
    }
    return v;
  }

  private static byte[] u32bytes(long v) {
    return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }
}
