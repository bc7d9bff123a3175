package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What maintenance staff get from presence and telemetry, per kiosk, for the fleet console: the
 * presence state and since when it holds (as this central saw it change), the last telemetry and
 * how old it is, joined with what the fleet events said (open faults, configuration, command
 * results). Thread-safe; presence and telemetry are fed from the central's worker thread.
 *
 * <p>"Since" is the central's receive time of the first message with that state: the kiosk's own
 * {@code ts} of a {@code lost} message is when its will was registered, not when it was lost.
 */
public final class FleetView {
  /** Telemetry older than this (three default intervals) is flagged on the console. */
  static final Duration STALE_TELEMETRY = Duration.ofSeconds(180);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int COMMAND_RESULTS_SHOWN = 5;

  private record Presence(JsonNode message, Instant since, Instant receivedAt) {}

  private record Tele(JsonNode message, Instant receivedAt) {}

  private final Clock clock;
  private final Map<String, Presence> presence = new ConcurrentHashMap<>();
  private final Map<String, Tele> telemetry = new ConcurrentHashMap<>();

  public FleetView(Clock clock) {
    this.clock = clock;
  }

  /** A retained {@code status} message arrived. */
  void presence(String kioskId, JsonNode message) {
    Instant now = clock.instant();
    presence.compute(
        kioskId,
        (k, before) -> {
          boolean same =
              before != null
                  && before.message().path("state").asText().equals(message.path("state").asText())
                  && before
                      .message()
                      .path("bootId")
                      .asText()
                      .equals(message.path("bootId").asText());
          return new Presence(message, same ? before.since() : now, now);
        });
  }

  /** A {@code tele} message arrived. */
  void telemetry(String kioskId, JsonNode message) {
    telemetry.put(kioskId, new Tele(message, clock.instant()));
  }

  /**
   * The console's document: {@code {generatedAt, kiosks: [...]}}, kiosks by id, each with presence,
   * mode, open faults, telemetry and what needs attention (docs/automation-api.md).
   *
   * @param knownKiosks kiosks known from their events, shown even before presence or telemetry
   * @param fleetRecords what the fleet events of a kiosk said
   */
  ObjectNode console(Collection<String> knownKiosks, Function<String, FleetRecord> fleetRecords) {
    Instant now = clock.instant();
    TreeSet<String> ids = new TreeSet<>(knownKiosks);
    ids.addAll(presence.keySet());
    ids.addAll(telemetry.keySet());
    ObjectNode doc = JSON.createObjectNode();
    doc.put("generatedAt", now.toString());
    ArrayNode kiosks = doc.putArray("kiosks");
    for (String id : ids) {
      kiosks.add(kiosk(id, now, fleetRecords.apply(id)));
    }
    return doc;
  }

  private ObjectNode kiosk(String id, Instant now, FleetRecord record) {
    ObjectNode k = JSON.createObjectNode();
    k.put("kioskId", id);
    ArrayNode attention = JSON.createArrayNode();
    Presence p = presence.get(id);
    String mode = record.mode;
    String reason = record.modeReason;
    if (p == null) {
      k.putNull("presence");
      attention.add("no presence seen");
    } else {
      ObjectNode pn = k.putObject("presence");
      String state = p.message().path("state").asText("?");
      pn.put("state", state);
      pn.put("since", p.since().toString());
      pn.put("forS", Duration.between(p.since(), now).toSeconds());
      pn.put("bootId", p.message().path("bootId").asText(null));
      pn.put("version", p.message().path("version").asText(null));
      pn.put("reportedAt", p.message().path("ts").asText(null));
      if (!state.equals("online")) {
        attention.add("presence " + state);
      }
      if (p.message().hasNonNull("mode")) {
        mode = p.message().get("mode").asText();
        reason = p.message().path("modeReason").asText("");
      }
    }
    k.put("mode", mode);
    k.put("modeReason", reason == null ? "" : reason);
    if (mode != null && !mode.equals("in-service")) {
      attention.add(mode + (reason == null || reason.isEmpty() ? "" : ": " + reason));
    }
    ArrayNode faults = k.putArray("openFaults");
    for (JsonNode f : record.openFaults.values()) {
      ObjectNode fn = faults.addObject();
      fn.put("faultId", f.path("faultId").asText(null));
      fn.put("device", f.path("device").asText(null));
      fn.put("code", f.path("code").asText(null));
      fn.put("severity", f.path("severity").asText(null));
      fn.put("text", f.path("text").asText(""));
      fn.put("since", f.path("raisedAt").asText(null));
    }
    if (!faults.isEmpty()) {
      attention.add(faults.size() + " open fault(s)");
    }
    telemetry(k, id, now, attention);
    // Telemetry the kiosk journaled while offline (tele.sample): how much history arrived.
    k.putObject("queuedTelemetry")
        .put("samples", record.teleSamples)
        .put("dropped", record.teleSamplesDropped)
        .put(
            "lastSampledAt",
            record.teleHistory.isEmpty()
                ? null
                : record.teleHistory.get(record.teleHistory.size() - 1).path("ts").asText(null));
    k.put("configVersion", record.configVersion);
    if (record.lastConfigRejection != null) {
      k.set("lastConfigRejection", record.lastConfigRejection);
    }
    ArrayNode results = k.putArray("lastCommandResults");
    record.commandResults.values().stream()
        .skip(Math.max(0, record.commandResults.size() - COMMAND_RESULTS_SHOWN))
        .forEach(results::add);
    k.set("attention", attention);
    return k;
  }

  private void telemetry(ObjectNode k, String id, Instant now, ArrayNode attention) {
    Tele t = telemetry.get(id);
    if (t == null) {
      k.putNull("telemetry");
      k.putNull("outboxDepth");
      k.putNull("lastCentralContactAt");
      attention.add("no telemetry since the central started");
      return;
    }
    long age = Duration.between(t.receivedAt(), now).toSeconds();
    ObjectNode tn = k.putObject("telemetry");
    tn.put("receivedAt", t.receivedAt().toString());
    tn.put("ageS", age);
    tn.set("values", t.message());
    JsonNode depth = t.message().get("outboxDepth");
    k.set("outboxDepth", depth == null ? JSON.nullNode() : depth);
    JsonNode contactAge = t.message().get("lastCentralContactAgeS");
    if (contactAge != null && contactAge.canConvertToLong()) {
      k.put("lastCentralContactAt", t.receivedAt().minusSeconds(contactAge.asLong()).toString());
    } else {
      k.putNull("lastCentralContactAt");
    }
    if (Duration.ofSeconds(age).compareTo(STALE_TELEMETRY) > 0) {
      attention.add("telemetry " + age + " s old");
    }
  }
}
