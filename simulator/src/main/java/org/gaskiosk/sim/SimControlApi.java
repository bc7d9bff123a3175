package org.gaskiosk.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gaskiosk.sim.bill.BillStation;
import org.gaskiosk.sim.broker.NetworkSwitch;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.gpio.SimGpio;
import org.gaskiosk.sim.printer.SimEscPosPrinter;

/**
 * The simulator control API (docs/automation-api.md, port 8081): what test engineers and scripts
 * use to act as the resident and the world around the kiosk. Binds to 127.0.0.1 only. Every bad
 * request gets a JSON error and changes nothing.
 */
public final class SimControlApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SimCardSlot slot;
  private final BillStation acceptor;
  private final SimEscPosPrinter printer;
  private final CentralControl central;
  private final NetworkSwitch network;
  private final SimGpio gpio;
  private final Javalin app;
  private volatile QrSimRoutes qr;

  public SimControlApi(
      SimCardSlot slot,
      BillStation acceptor,
      SimEscPosPrinter printer,
      CentralControl central,
      SimGpio gpio,
      NetworkSwitch network) {
    this.slot = slot;
    this.gpio = gpio;
    this.acceptor = acceptor;
    this.printer = printer;
    this.central = central;
    this.network = network;
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.routes.get("/sim/cards", ctx -> ctx.json(slot.list()));
              config.routes.post("/sim/cards/{cardNo}/insert", this::insert);
              config.routes.post("/sim/card/remove", this::remove);
              config.routes.post("/sim/card/tear", this::tear);
              config.routes.post("/sim/card/latency", this::latency);
              config.routes.post("/sim/banknotes", this::banknote);
              config.routes.post("/sim/bill-acceptor", this::acceptorFault);
              config.routes.get("/sim/printer", ctx -> ctx.json(printer.state()));
              config.routes.post("/sim/printer", this::printer);
              config.routes.post("/sim/network", this::network);
              config.routes.get("/sim/network", ctx -> ctx.json(Map.of("up", network.isUp())));
              config.routes.get("/sim/receipts", ctx -> ctx.json(printer.receipts()));
              config.routes.get("/sim/gpio", ctx -> ctx.json(gpio.state()));
              config.routes.post("/sim/door", this::door);
              config.routes.post("/sim/tamper", this::tamper);
              config.routes.get("/sim/central/ledger", ctx -> ctx.json(central.ledger()));
              config.routes.get("/sim/central/accounts", ctx -> ctx.json(central.accounts()));
              config.routes.post("/sim/central/accounts/{cardNo}", this::safety);
              config.routes.post("/sim/central/orders", this::order);
              config.routes.post("/sim/qr/scan", ctx -> qr().scan(ctx));
              config.routes.post("/sim/qr/pay", ctx -> qr().pay(ctx));
              config.routes.post("/sim/qr/provider", ctx -> qr().provider(ctx));
              config.routes.get("/sim/qr", ctx -> qr().list(ctx));
              config.routes.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, e.code, e));
              config.routes.exception(
                  IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, "invalid", e));
              config.routes.error(404, ctx -> error(ctx, 404, "not-found", null));
            });
  }

  public SimControlApi start(int port) {
    app.start("127.0.0.1", port);
    return this;
  }

  /** Adds the QR routes (scanner and payment provider); call before {@link #start}. */
  public SimControlApi withQr(QrSimRoutes routes) {
    this.qr = routes;
    return this;
  }

  private QrSimRoutes qr() {
    QrSimRoutes r = qr;
    if (r == null) {
      throw new BadRequest("qr-unavailable", "this simulator has no QR scanner or provider");
    }
    return r;
  }

  public int port() {
    return app.port();
  }

  private void insert(Context ctx) {
    body(ctx, Set.of());
    String cardNo = ctx.pathParam("cardNo");
    if (slot.list().stream().noneMatch(c -> c.cardNo().equals(cardNo))) {
      throw new BadRequest("unknown-card", "no simulated card " + cardNo);
    }
    slot.insert(cardNo);
    ctx.json(Map.of("inserted", cardNo));
  }

  private void remove(Context ctx) {
    body(ctx, Set.of());
    slot.remove();
    ctx.json(Map.of("inserted", false));
  }

  private void tear(Context ctx) {
    JsonNode b = body(ctx, Set.of("ins", "when"));
    String ins = text(b, "ins");
    if (!ins.matches("[0-9A-Fa-f]{2}")) {
      throw new BadRequest("invalid-body", "ins must be two hex digits, e.g. \"52\"");
    }
    SimCardSlot.When when =
        switch (text(b, "when")) {
          case "before-apply" -> SimCardSlot.When.BEFORE_APPLY;
          case "after-apply" -> SimCardSlot.When.AFTER_APPLY;
          default ->
              throw new BadRequest("invalid-body", "when must be before-apply or after-apply");
        };
    slot.tearNext(Integer.parseInt(ins, 16), when);
    ctx.json(Map.of("armed", ins.toUpperCase(), "when", text(b, "when")));
  }

  private void latency(Context ctx) {
    long ms = whole(body(ctx, Set.of("ms")), "ms");
    if (ms < 0 || ms > 10_000) {
      throw new BadRequest("invalid-body", "ms must be 0-10000");
    }
    slot.latency(Duration.ofMillis(ms));
    ctx.json(Map.of("ms", ms));
  }

  private void banknote(Context ctx) {
    JsonNode b = body(ctx, Set.of("value", "reject"));
    long value = whole(b, "value");
    boolean reject = b.has("reject") && bool(b, "reject");
    if (value <= 0) {
      throw new BadRequest("invalid-body", "value must be a positive number of fen");
    }
    BillStation.Outcome outcome;
    try {
      outcome = acceptor.insert(value, reject);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the note was being taken", e);
    }
    ctx.json(Map.of("value", value, "outcome", outcome.name().toLowerCase().replace('_', '-')));
  }

  private void acceptorFault(Context ctx) {
    String fault = text(body(ctx, Set.of("fault")), "fault");
    if (!List.of("jam", "stacker-full", "stacker-open", "none").contains(fault)) {
      throw new BadRequest("invalid-body", "fault must be jam, stacker-full, stacker-open or none");
    }
    acceptor.fault(fault);
    ctx.json(Map.of("fault", fault));
  }

  /** Any of paper, cover, offline, error, unplugged; all checked before any is applied. */
  private void printer(Context ctx) {
    JsonNode b = body(ctx, Set.of("paper", "cover", "offline", "error", "unplugged"));
    if (b.isEmpty()) {
      throw new BadRequest(
          "invalid-body", "give at least one of paper, cover, offline, error, unplugged");
    }
    SimEscPosPrinter.Paper paper = null;
    if (b.has("paper")) {
      try {
        paper = SimEscPosPrinter.Paper.parse(text(b, "paper"));
      } catch (IllegalArgumentException e) {
        throw new BadRequest("invalid-body", e.getMessage());
      }
    }
    Boolean cover = null;
    if (b.has("cover")) {
      cover =
          switch (text(b, "cover")) {
            case "open" -> true;
            case "closed" -> false;
            default -> throw new BadRequest("invalid-body", "cover must be open or closed");
          };
    }
    Boolean offline = b.has("offline") ? bool(b, "offline") : null;
    Boolean error = b.has("error") ? bool(b, "error") : null;
    Boolean unplugged = b.has("unplugged") ? bool(b, "unplugged") : null;
    if (paper != null) {
      printer.paper(paper);
    }
    if (cover != null) {
      printer.coverOpen(cover);
    }
    if (offline != null) {
      printer.offline(offline);
    }
    if (error != null) {
      printer.error(error);
    }
    if (unplugged != null) {
      printer.unplugged(unplugged);
    }
    ctx.json(printer.state());
  }

  private void door(Context ctx) {
    gpio.cashBoxDoor(bool(body(ctx, Set.of("open")), "open"));
    ctx.json(gpio.state());
  }

  private void tamper(Context ctx) {
    gpio.cabinetTamper(bool(body(ctx, Set.of("open")), "open"));
    ctx.json(gpio.state());
  }

  private void network(Context ctx) {
    boolean up = bool(body(ctx, Set.of("up")), "up");
    if (up) {
      network.restore();
    } else {
      network.cut();
    }
    ctx.json(Map.of("up", up));
  }

  private void safety(Context ctx) {
    JsonNode b = body(ctx, Set.of("safety", "notice"));
    central.setSafety(
        ctx.pathParam("cardNo"), text(b, "safety"), b.has("notice") ? text(b, "notice") : "");
    ctx.json(Map.of("cardNo", ctx.pathParam("cardNo"), "safety", text(b, "safety")));
  }

  private void order(Context ctx) {
    JsonNode b = body(ctx, Set.of("cardNo", "amount", "money"));
    long amount = whole(b, "amount");
    long money = b.has("money") ? whole(b, "money") : amount;
    if (amount <= 0 || money <= 0) {
      throw new BadRequest("invalid-body", "amount and money must be positive");
    }
    String id = central.createOrder(text(b, "cardNo"), amount, money);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("orderId", id);
    out.put("cardNo", text(b, "cardNo"));
    out.put("amount", amount);
    out.put("money", money);
    ctx.status(201).json(out);
  }

  /** The body must be empty or a JSON object with only the allowed keys. */
  private static JsonNode body(Context ctx, Set<String> allowed) {
    String text = ctx.body();
    if (text.isBlank()) {
      return JSON.createObjectNode();
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadRequest("invalid-body", "the body is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadRequest("invalid-body", "the body must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new BadRequest("invalid-body", "unexpected field \"" + key + "\"");
      }
    }
    return node;
  }

  private static String text(JsonNode b, String key) {
    JsonNode v = b.get(key);
    if (v == null || !v.isTextual()) {
      throw new BadRequest("invalid-body", "\"" + key + "\" must be a string");
    }
    return v.asText();
  }

  private static long whole(JsonNode b, String key) {
    JsonNode v = b.get(key);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new BadRequest("invalid-body", "\"" + key + "\" must be a whole number");
    }
    return v.asLong();
  }

  private static boolean bool(JsonNode b, String key) {
    JsonNode v = b.get(key);
    if (v == null || !v.isBoolean()) {
      throw new BadRequest("invalid-body", "\"" + key + "\" must be true or false");
    }
    return v.asBoolean();
  }

  private static void error(Context ctx, int status, String code, Exception e) {
    ctx.status(status)
        .json(Map.of("error", code, "message", e == null ? ctx.path() : e.getMessage()));
  }

  @Override
  public void close() {
    app.stop();
  }

  /** A request the API refuses with 400. */
  static final class BadRequest extends RuntimeException {
    final String code;

    BadRequest(String code, String message) {
      super(message);
      this.code = code;
    }
  }
}
