package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.Tariff;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.LookupResult.Safety;
import org.gaskiosk.sim.central.Fields.Rejected;
import org.gaskiosk.sim.central.LedgerSnapshot.Authorization;
import org.gaskiosk.sim.central.LedgerSnapshot.OrderEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code card.lookup} and {@code load.authorize} (docs/mqtt.md). A request that breaks the
 * contract throws {@link Rejected}; a definite no is an answer with result {@code refused}. Runs
 * under the simulator's lock.
 */
final class RequestProcessor {
  private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  private static final DateTimeFormatter HOST_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
  private static final long MAX_U32 = 0xFFFF_FFFFL;

  static final String LOOKUP_RESULT = "card.lookup.result/1";
  static final String AUTHORIZE_RESULT = "load.authorize.result/1";

  private final CentralState state;
  private final OrderBook orders;
  private final Hsm hsm;

  RequestProcessor(CentralState state, OrderBook orders, Hsm hsm) {
    this.state = state;
    this.orders = orders;
    this.hsm = hsm;
  }

  ObjectNode lookup(JsonNode req) {
    String requestId = Fields.text(req, "requestId");
    String cardNo = Fields.cardNo(Fields.object(req, "card"), "cardNo");
    ObjectNode res = answer(LOOKUP_RESULT, requestId);
    Account a = state.accounts.get(cardNo);
    if (a == null) {
      res.put("result", "unknown");
      res.put("message", "card " + CardSnapshot.mask(cardNo) + " is not registered");
      return res;
    }
    res.put("result", "account");
    ObjectNode acc = res.putObject("account");
    acc.put("holder", a.maskedHolder());
    acc.put("unit", a.unit().wireName());
    acc.put("safety", a.safety().name());
    acc.put("safetyNotice", a.safetyNotice());
    acc.put("cycleVolumeCentiM3", a.cycleVolumeCentiM3());
    acc.set("tariff", tariff(a.tariff()));
    ArrayNode list = acc.putArray("orders");
    for (OrderEntry o : orders.openFor(cardNo)) {
      ObjectNode n = list.addObject();
      n.put("orderId", o.orderId());
      n.put("kind", o.kind());
      n.put("amount", o.amount());
      n.put("money", o.money());
      n.put("description", o.description());
    }
    ArrayNode uncertain = acc.putArray("uncertainLoads");
    for (UncertainLoad u : state.uncertainLoads.values()) {
      if (u.cardNo().equals(cardNo) && u.open()) {
        ObjectNode n = uncertain.addObject();
        n.put("txnId", u.txnId());
        n.put("kioskId", u.kioskId());
        n.put("amount", u.amount());
        n.put("money", u.money());
        n.put("sequence", u.sequence());
        n.put("terminalId", u.terminalId());
      }
    }
    return res;
  }

  ObjectNode authorize(String kioskId, JsonNode req, String now) {
    String requestId = Fields.text(req, "requestId");
    String txnId = Fields.text(req, "txnId");
    String cardNo = Fields.cardNo(req, "cardNo");
    long amount = Fields.amount(req, "amount");
    long money = Fields.amount(req, "money");
    if (amount == 0 || amount > MAX_U32) {
      throw new Rejected("'amount' must be between 1 and 4294967295");
    }
    byte[] terminal = Fields.hex(req, "terminalId", 6);
    LoadInit init = init(Fields.object(req, "init"));
    LocalDateTime hostTime = hostTime(Fields.text(req, "hostTime"));
    List<String> orderIds = Fields.textList(req, "orderIds");

    ObjectNode res = answer(AUTHORIZE_RESULT, requestId);
    res.put("txnId", txnId);
    Account a = state.accounts.get(cardNo);
    if (a == null) {
      return refused(
          res, "card-unknown", "card " + CardSnapshot.mask(cardNo) + " is not registered");
    }
    UncertainLoad settled = state.uncertainLoads.get(txnId);
    if (settled != null && settled.resolvedElsewhere()) {
      return refused(
          res,
          "resolved-elsewhere",
          "kiosk "
              + settled.resolvedBy()
              + " found this load "
              + settled.status()
              + " on the card; what it owes now waits as an order");
    }
    if (!Hsm.supports(init.algorithmId())) {
      return refused(res, "algorithm-unsupported", "algorithm " + init.algorithmId() + " not held");
    }
    if (!hsm.mac1Matches(cardNo, init, amount, terminal)) {
      log.warn("central: MAC1 of txn {} from kiosk {} does not verify", txnId, kioskId);
      return refused(res, "mac1-invalid", "MAC1 does not match this card, sequence and amount");
    }
    if (orderIds.isEmpty()) {
      if (a.safety() == Safety.HOLD) {
        return refused(res, "safety-hold", notice(a));
      }
    } else {
      OrderBook.Refusal r = orders.reserve(txnId, cardNo, amount, money, orderIds, now);
      if (r != null) {
        return refused(res, r.code(), r.message());
      }
    }
    byte[] mac2 = hsm.mac2(cardNo, init, amount, terminal, hostTime);
    state.authorizations.put(
        txnId,
        new Authorization(
            txnId, kioskId, cardNo, amount, money, orderIds, hostTime.format(HOST_TIME), now));
    res.put("result", "authorized");
    res.put("mac2", HEX.formatHex(mac2));
    return res;
  }

  /** The answer to a request that broke the contract (the kiosk maps it to Unreachable). */
  static ObjectNode error(String schema, String requestId, String message) {
    ObjectNode res = answer(schema, requestId);
    res.put("result", "error");
    res.put("message", message);
    return res;
  }

  static ObjectNode tariff(Tariff t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", t.version());
    ArrayNode tiers = n.putArray("tiers");
    for (Tariff.Tier tier : t.tiers()) {
      ObjectNode o = tiers.addObject();
      if (tier.upTo() == null) {
        o.putNull("upToCentiM3");
      } else {
        o.put("upToCentiM3", tier.upTo().centiM3());
      }
      o.put("fenPerM3", tier.fenPerM3());
    }
    return n;
  }

  private static LoadInit init(JsonNode n) {
    long oldBalance = Fields.amount(n, "oldBalance");
    if (oldBalance > MAX_U32) {
      throw new Rejected("'init.oldBalance' does not fit 4 bytes");
    }
    return new LoadInit(
        oldBalance,
        Fields.smallInt(n, "sequence", 0xFFFF),
        Fields.smallInt(n, "keyVersion", 0xFF),
        Fields.smallInt(n, "algorithmId", 0xFF),
        Fields.hex(n, "random", 4),
        Fields.hex(n, "mac1", 4));
  }

  private static LocalDateTime hostTime(String text) {
    try {
      return LocalDateTime.parse(text, HOST_TIME);
    } catch (DateTimeParseException e) {
      throw new Rejected("'hostTime' must be yyyy-MM-ddTHH:mm:ss");
    }
  }

  private static String notice(Account a) {
    return a.safetyNotice().isEmpty()
        ? "the installation is under a safety hold; contact the gas company"
        : a.safetyNotice();
  }

  private static ObjectNode refused(ObjectNode res, String code, String message) {
    res.put("result", "refused");
    res.put("code", code);
    res.put("message", message);
    return res;
  }

  private static ObjectNode answer(String schema, String requestId) {
    ObjectNode res = JSON.createObjectNode();
    res.put("schema", schema);
    if (requestId != null) {
      res.put("requestId", requestId);
    }
    return res;
  }
}
