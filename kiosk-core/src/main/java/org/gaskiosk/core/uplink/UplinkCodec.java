package org.gaskiosk.core.uplink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.domain.Tariff;
import org.gaskiosk.core.domain.Volume;
import org.gaskiosk.core.journal.OutboxEvent;
import org.gaskiosk.core.port.AuthorizeRequest;
import org.gaskiosk.core.port.AuthorizeResult;
import org.gaskiosk.core.port.CardServiceRequest;
import org.gaskiosk.core.port.CardServiceResult;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;

/**
 * The kiosk's side of the JSON payloads of {@code docs/mqtt.md}. Writers produce exactly the
 * documented fields; readers ignore unknown fields and throw {@link Malformed} for anything they
 * cannot trust (a missing field, a fractional amount, an unknown enum value).
 */
final class UplinkCodec {
  static final String STATUS = "status/1";
  static final String EVENTS = "events/1";
  static final String LOOKUP = "card.lookup/1";
  static final String AUTHORIZE = "load.authorize/1";
  static final String CARD_SERVICE = "card.service/1";

  /** Host time of a load as it travels: seconds precision, like the card's BCD date and time. */
  static final DateTimeFormatter HOST_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  /** A payload that does not follow the contract. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  byte[] status(
      String kioskId,
      String state,
      String mode,
      String modeReason,
      String bootId,
      String version,
      Instant ts) {
    ObjectNode n = JSON.createObjectNode();
    n.put("schema", STATUS);
    n.put("kioskId", kioskId);
    n.put("state", state);
    n.put("mode", mode);
    n.put("modeReason", modeReason);
    n.put("bootId", bootId);
    n.put("version", version);
    n.put("ts", ts.toString());
    return bytes(n);
  }

  /**
   * A batch of outbox events. {@code afterSeq} says that the batch holds every unacknowledged event
   * with {@code afterSeq < seq <= last seq}: the central system acknowledges past a batch only when
   * it has committed everything up to its {@code afterSeq}, so a lost batch is never acknowledged
   * by a later one.
   */
  byte[] eventBatch(String kioskId, String bootId, long afterSeq, List<OutboxEvent> events) {
    ObjectNode n = JSON.createObjectNode();
    n.put("schema", EVENTS);
    n.put("kioskId", kioskId);
    n.put("bootId", bootId);
    n.put("afterSeq", afterSeq);
    ArrayNode list = n.putArray("events");
    for (OutboxEvent e : events) {
      ObjectNode ev = list.addObject();
      ev.put("eventId", e.eventId());
      ev.put("seq", e.seq());
      ev.put("type", e.type());
      ev.put("occurredAt", e.occurredAt().toString());
      JsonNode body = parseBody(e.bodyJson());
      if (body != null) {
        ev.set("body", body);
      } else {
        // Never drop an event: a journal bug must reach the central system, not block the outbox.
        ev.putNull("body");
        ev.put("bodyText", e.bodyJson());
      }
    }
    return bytes(n);
  }

  byte[] lookupRequest(String kioskId, LookupRequest r, Instant sentAt) {
    ObjectNode n = request(LOOKUP, r.requestId(), kioskId, sentAt);
    CardSnapshot c = r.card();
    ObjectNode card = n.putObject("card");
    card.put("cardNo", c.cardNo());
    card.put("family", c.family().wireName());
    card.put("unit", c.unit().wireName());
    card.put("balance", c.balance());
    MeterRecord m = c.meter();
    ObjectNode meter = card.putObject("meter");
    meter.put("remaining", m.remaining());
    meter.put("valveClosed", m.valveClosed());
    meter.put("lowBattery", m.lowBattery());
    meter.put("magneticAttack", m.magneticAttack());
    meter.put("leakAlarm", m.leakAlarm());
    if (m.lastUse() == null) {
      meter.putNull("lastUse");
    } else {
      meter.put("lastUse", m.lastUse().toString());
    }
    return bytes(n);
  }

  byte[] authorizeRequest(String kioskId, AuthorizeRequest r, Instant sentAt) {
    ObjectNode n = request(AUTHORIZE, r.requestId(), kioskId, sentAt);
    n.put("txnId", r.txnId());
    n.put("cardNo", r.cardNo());
    n.put("amount", r.amount());
    n.put("money", r.money());
    n.put("terminalId", r.terminalId());
    ObjectNode init = n.putObject("init");
    init.put("oldBalance", r.init().oldBalance());
    init.put("sequence", r.init().sequence());
    init.put("keyVersion", r.init().keyVersion());
    init.put("algorithmId", r.init().algorithmId());
    init.put("random", HEX.formatHex(r.init().random()));
    init.put("mac1", HEX.formatHex(r.init().mac1()));
    n.put("hostTime", r.hostTime().truncatedTo(ChronoUnit.SECONDS).format(HOST_TIME));
    ArrayNode ids = n.putArray("orderIds");
    r.orderIds().forEach(ids::add);
    return bytes(n);
  }

  byte[] cardServiceRequest(String kioskId, CardServiceRequest r, Instant sentAt) {
    ObjectNode n = request(CARD_SERVICE, r.requestId(), kioskId, sentAt);
    n.put("txnId", r.txnId());
    n.put("cardNo", r.cardNo());
    n.put("amount", r.amount());
    n.put("money", r.money());
    n.put("image", HEX.formatHex(r.image()));
    ArrayNode ids = n.putArray("orderIds");
    r.orderIds().forEach(ids::add);
    return bytes(n);
  }

  CardServiceResult cardServiceResult(JsonNode n) {
    String result = text(n, "result");
    switch (result) {
      case "service":
        byte[] oldPsc = hex(n, "oldPsc");
        byte[] newPsc = hex(n, "newPsc");
        if (oldPsc.length != 3 || newPsc.length != 3) {
          throw new Malformed("an SLE4442 PSC is 3 bytes");
        }
        long count = nonNegative(n, "expectedPurchaseCount");
        if (count > 0xFFFF) {
          throw new Malformed("expectedPurchaseCount must fit 2 bytes");
        }
        JsonNode list = n.path("steps");
        if (!list.isArray() || list.isEmpty()) {
          throw new Malformed("steps must be a non-empty array");
        }
        List<CardServiceResult.Step> steps = new ArrayList<>();
        for (JsonNode s : list) {
          steps.add(step(s));
        }
        return new CardServiceResult.Service(
            oldPsc, newPsc, (int) count, steps, pscCandidates(n, oldPsc));
      case "refused":
        return new CardServiceResult.Refused(text(n, "code"), optionalText(n, "message", ""));
      case "error":
        return new CardServiceResult.Unreachable(
            "central system error: " + optionalText(n, "message", "no message"));
      default:
        throw new Malformed("unexpected result '" + result + "' for card.service");
    }
  }

  /**
   * Optional {@code pscCandidates}: exactly two different PSCs, the second {@code oldPsc}. Anything
   * else is malformed: a third guess or a repeated one could spend the card's last tries.
   */
  private List<byte[]> pscCandidates(JsonNode n, byte[] oldPsc) {
    JsonNode list = n.get("pscCandidates");
    if (list == null || list.isNull() || (list.isArray() && list.isEmpty())) {
      return List.of();
    }
    if (!list.isArray()
        || list.size() != 2
        || !list.get(0).isTextual()
        || !list.get(1).isTextual()) {
      throw new Malformed("pscCandidates must be two PSCs");
    }
    List<byte[]> out = new ArrayList<>();
    for (JsonNode c : list) {
      byte[] psc;
      try {
        psc = HEX.parseHex(c.asText());
      } catch (IllegalArgumentException e) {
        throw new Malformed("pscCandidates must be hex");
      }
      if (psc.length != 3) {
        throw new Malformed("an SLE4442 PSC is 3 bytes");
      }
      out.add(psc);
    }
    if (Arrays.equals(out.get(0), out.get(1)) || !Arrays.equals(out.get(1), oldPsc)) {
      throw new Malformed("pscCandidates must be another PSC, then oldPsc");
    }
    return out;
  }

  private CardServiceResult.Step step(JsonNode s) {
    String what = text(s, "what");
    byte[] data = hex(s, "data");
    if (what.equals("psc")) {
      if (data.length != 3) {
        throw new Malformed("a psc step carries 3 bytes");
      }
      return new CardServiceResult.Step(what, -1, data);
    }
    if (!List.of("backup", "gas", "count").contains(what)) {
      throw new Malformed("unknown step '" + what + "'");
    }
    long address = nonNegative(s, "address");
    // The first 32 bytes are the chip's header and the issuer's area: never written by a load.
    if (address < 0x20 || data.length == 0 || address + data.length > 256) {
      throw new Malformed("step '" + what + "' does not fit the user area: " + address);
    }
    return new CardServiceResult.Step(what, (int) address, data);
  }

  /** Parses {@code {"ackUpTo": seq}}. */
  long ackUpTo(byte[] payload) {
    return nonNegative(read(payload), "ackUpTo");
  }

  JsonNode read(byte[] payload) {
    try {
      JsonNode n = JSON.readTree(payload);
      if (n == null || !n.isObject()) {
        throw new Malformed("not a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new Malformed("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Malformed("not JSON: " + e.getMessage());
    }
  }

  LookupResult lookupResult(JsonNode n) {
    String result = text(n, "result");
    switch (result) {
      case "account":
        return account(object(n, "account"));
      case "unknown":
        return new LookupResult.Unknown(optionalText(n, "message", "card not known"));
      case "error":
        return new LookupResult.Unreachable(
            "central system error: " + optionalText(n, "message", "no message"));
      default:
        throw new Malformed("unexpected result '" + result + "' for card.lookup");
    }
  }

  AuthorizeResult authorizeResult(JsonNode n) {
    String result = text(n, "result");
    switch (result) {
      case "authorized":
        byte[] mac2 = hex(n, "mac2");
        if (mac2.length != 4) {
          throw new Malformed("mac2 must be 4 bytes, got " + mac2.length);
        }
        return new AuthorizeResult.Authorized(mac2);
      case "refused":
        return new AuthorizeResult.Refused(text(n, "code"), optionalText(n, "message", ""));
      case "error":
        return new AuthorizeResult.Unreachable(
            "central system error: " + optionalText(n, "message", "no message"));
      default:
        throw new Malformed("unexpected result '" + result + "' for load.authorize");
    }
  }

  private LookupResult.Account account(JsonNode a) {
    List<LookupResult.Order> orders = new ArrayList<>();
    JsonNode list = a.path("orders");
    if (!list.isMissingNode() && !list.isNull()) {
      if (!list.isArray()) {
        throw new Malformed("orders must be an array");
      }
      for (JsonNode o : list) {
        orders.add(
            new LookupResult.Order(
                text(o, "orderId"),
                text(o, "kind"),
                nonNegative(o, "amount"),
                nonNegative(o, "money"),
                optionalText(o, "description", "")));
      }
    }
    List<LookupResult.UncertainLoad> uncertain = new ArrayList<>();
    JsonNode pending = a.path("uncertainLoads");
    if (!pending.isMissingNode() && !pending.isNull()) {
      if (!pending.isArray()) {
        throw new Malformed("uncertainLoads must be an array");
      }
      for (JsonNode u : pending) {
        long sequence = nonNegative(u, "sequence");
        if (sequence > 0xFFFF) {
          throw new Malformed("uncertainLoads.sequence must fit 2 bytes");
        }
        uncertain.add(
            new LookupResult.UncertainLoad(
                text(u, "txnId"),
                text(u, "kioskId"),
                nonNegative(u, "amount"),
                nonNegative(u, "money"),
                (int) sequence,
                text(u, "terminalId")));
      }
    }
    return new LookupResult.Account(
        text(a, "holder"),
        safety(text(a, "safety")),
        optionalText(a, "safetyNotice", ""),
        orders,
        Volume.centiM3(nonNegative(a, "cycleVolumeCentiM3")),
        tariff(object(a, "tariff")),
        uncertain);
  }

  private Tariff tariff(JsonNode t) {
    JsonNode list = t.path("tiers");
    if (!list.isArray()) {
      throw new Malformed("tariff.tiers must be an array");
    }
    List<Tariff.Tier> tiers = new ArrayList<>();
    for (JsonNode tier : list) {
      JsonNode upTo = tier.path("upToCentiM3");
      Volume bound =
          upTo.isMissingNode() || upTo.isNull()
              ? null
              : Volume.centiM3(nonNegative(tier, "upToCentiM3"));
      tiers.add(new Tariff.Tier(bound, nonNegative(tier, "fenPerM3")));
    }
    try {
      return new Tariff(text(t, "version"), tiers);
    } catch (IllegalArgumentException e) {
      throw new Malformed("invalid tariff: " + e.getMessage());
    }
  }

  private static LookupResult.Safety safety(String s) {
    try {
      return LookupResult.Safety.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw new Malformed("unknown safety status '" + s + "'");
    }
  }

  static ObjectNode request(String schema, String requestId, String kioskId, Instant at) {
    ObjectNode n = JSON.createObjectNode();
    n.put("schema", schema);
    n.put("requestId", requestId);
    n.put("kioskId", kioskId);
    n.put("sentAt", at.toString());
    return n;
  }

  private static JsonNode parseBody(String bodyJson) {
    try {
      JsonNode body = bodyJson == null ? null : JSON.readTree(bodyJson);
      return body != null && body.isObject() ? body : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static JsonNode object(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) {
      throw new Malformed("missing object '" + field + "'");
    }
    return v;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new Malformed("missing text '" + field + "'");
    }
    return v.asText();
  }

  static String optionalText(JsonNode n, String field, String fallback) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText() : fallback;
  }

  /** Integral and not negative: amounts never travel as fractions. */
  static long nonNegative(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new Malformed("'" + field + "' must be a non-negative integer");
    }
    return v.asLong();
  }

  private static byte[] hex(JsonNode n, String field) {
    try {
      return HEX.parseHex(text(n, field));
    } catch (IllegalArgumentException e) {
      throw new Malformed("'" + field + "' is not hex");
    }
  }

  static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }
}
