package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.gaskiosk.core.journal.PendingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote commands on {@code cmd/{name}}: refused when unsigned, badly signed, meant for another
 * kiosk or another command name, expired, valid for longer than the kiosk remembers ids, or
 * replayed; otherwise remembered durably (so a replay is refused even after a reboot) and run, or,
 * when disruptive and a customer is mid-transaction, deferred until the customer is gone. Every
 * outcome, refusals included, is a {@code cmd.result} event.
 *
 * <p>Not thread-safe: the fleet thread only.
 */
final class RemoteCommands {
  private static final Logger log = LoggerFactory.getLogger(RemoteCommands.class);
  static final String SCHEMA = "cmd/1";

  private record Command(String cmdId, String name, JsonNode args, Instant expiresAt) {}

  private final String kioskId;
  private final SignedMessages signed;
  private final CommandLog commandLog;
  private final Map<String, CommandHandler> handlers;
  private final EventRecorder recorder;
  private final BooleanSupplier customerMidTransaction;
  private final Clock clock;
  private final Duration maxValidity;
  private final List<Command> deferred = new ArrayList<>();

  RemoteCommands(
      String kioskId,
      SignedMessages signed,
      CommandLog commandLog,
      Map<String, CommandHandler> handlers,
      EventRecorder recorder,
      BooleanSupplier customerMidTransaction,
      Clock clock,
      Duration maxValidity) {
    this.kioskId = kioskId;
    this.signed = signed;
    this.commandLog = commandLog;
    this.handlers = Map.copyOf(handlers);
    this.recorder = recorder;
    this.customerMidTransaction = customerMidTransaction;
    this.clock = clock;
    this.maxValidity = maxValidity;
  }

  /** Takes up the commands a previous run deferred and did not get to run. */
  void restorePending() {
    for (CommandLog.Entry e : commandLog.pending()) {
      SignedMessages.Opened o = signed.open(e.envelope());
      if (o instanceof SignedMessages.Verified v) {
        JsonNode d = v.document();
        deferred.add(
            new Command(e.cmdId(), d.path("name").asText(), d.path("args"), e.expiresAt()));
      } else {
        commandLog.done(e.cmdId()); // cannot happen unless the central key changed
      }
    }
    tick();
  }

  /** Number of commands waiting for the customer to leave. */
  int deferredCount() {
    return deferred.size();
  }

  void received(String name, byte[] envelope) {
    SignedMessages.Opened opened = signed.open(envelope);
    if (opened instanceof SignedMessages.Refused r) {
      // The id is reported as claimed, unverified, so the central side can match its own sends.
      result(claimedCmdId(envelope), name, "refused", r.reason(), r.detail(), null);
      return;
    }
    JsonNode d = ((SignedMessages.Verified) opened).document();
    String cmdId = d.path("cmdId").asText(null);
    if (!SCHEMA.equals(d.path("schema").asText()) || cmdId == null || cmdId.isBlank()) {
      result(cmdId, name, "refused", "malformed", "needs schema cmd/1 and a cmdId", null);
      return;
    }
    Instant expiresAt;
    try {
      Instant.parse(d.path("issuedAt").asText());
      expiresAt = Instant.parse(d.path("expiresAt").asText());
    } catch (DateTimeParseException e) {
      result(cmdId, name, "refused", "malformed", "issuedAt/expiresAt are not instants", null);
      return;
    }
    Instant now = clock.instant();
    String refusal = null;
    if (!kioskId.equals(d.path("kioskId").asText())) {
      refusal = "wrong-kiosk";
    } else if (!name.equals(d.path("name").asText())) {
      refusal = "name-mismatch";
    } else if (!expiresAt.isAfter(now)) {
      refusal = "expired";
    } else if (expiresAt.isAfter(now.plus(maxValidity))) {
      refusal = "validity-too-long";
    } else if (commandLog.seen(cmdId)) {
      refusal = "replayed";
    } else if (!handlers.containsKey(name)) {
      refusal = "unsupported";
    }
    if (refusal != null) {
      result(cmdId, name, "refused", refusal, describe(refusal, d, now), null);
      return;
    }
    commandLog.accepted(cmdId, expiresAt, envelope);
    Command c = new Command(cmdId, name, d.path("args"), expiresAt);
    if (handlers.get(name).disruptive() && customerMidTransaction.getAsBoolean()) {
      deferred.add(c);
      result(cmdId, name, "deferred", null, "waits until no customer is mid-transaction", null);
      return;
    }
    run(c);
  }

  /** Runs deferred commands once the customer is gone; gives up on expired ones. */
  void tick() {
    Iterator<Command> it = deferred.iterator();
    while (it.hasNext()) {
      Command c = it.next();
      if (!c.expiresAt().isAfter(clock.instant())) {
        it.remove();
        result(c.cmdId(), c.name(), "expired", "expired", "expired while deferred", null);
        commandLog.done(c.cmdId());
      } else if (!customerMidTransaction.getAsBoolean()) {
        it.remove();
        run(c);
      }
    }
  }

  private void run(Command c) {
    CommandHandler.Outcome o;
    try {
      o = handlers.get(c.name()).run(c.args());
    } catch (RuntimeException e) {
      log.error("command {} {} failed", c.name(), c.cmdId(), e);
      o = CommandHandler.Outcome.failed("handler failed: " + e);
    }
    result(c.cmdId(), c.name(), o.ok() ? "done" : "failed", null, o.detail(), o.data());
    commandLog.done(c.cmdId());
  }

  /** The cmdId an unverifiable message claims (in a bare document or an envelope), or null. */
  private static String claimedCmdId(byte[] message) {
    try {
      JsonNode n = JsonFile.JSON.readTree(message);
      if (n != null && n.path("payload").isTextual()) {
        n = JsonFile.JSON.readTree(Base64.getDecoder().decode(n.get("payload").asText()));
      }
      return n == null ? null : n.path("cmdId").asText(null);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String describe(String refusal, JsonNode d, Instant now) {
    return switch (refusal) {
      case "wrong-kiosk" -> "meant for kiosk " + d.path("kioskId").asText();
      case "name-mismatch" -> "signed as " + d.path("name").asText();
      case "expired" -> "expired at " + d.path("expiresAt").asText() + ", now " + now;
      case "validity-too-long" -> "valid until " + d.path("expiresAt").asText();
      case "replayed" -> "cmdId already received";
      default -> "no handler on this kiosk";
    };
  }

  private void result(
      String cmdId, String name, String status, String reason, String detail, JsonNode data) {
    if (!status.equals("done") && !status.equals("deferred")) {
      log.warn("command {} {}: {} {} ({})", name, cmdId, status, reason, detail);
    } else {
      log.info("command {} {}: {} ({})", name, cmdId, status, detail);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cmdId", cmdId);
    body.put("name", name);
    body.put("status", status);
    if (reason != null) {
      body.put("reason", reason);
    }
    body.put("detail", detail);
    if (data != null) {
      body.put("data", data);
    }
    body.put("at", clock.instant().toString());
    recorder.record(List.of(new PendingEvent("cmd.result", body)));
  }
}
