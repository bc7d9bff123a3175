package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet events of docs/mqtt.md as the central system reads them: faults raised and cleared (a
 * raise of a device/code already open is a repeat, e.g. after a power cut between the kiosk's
 * journal and its state file), mode changes, command results and configuration outcomes. Lenient: a
 * missing field leaves the record as it was, the event still counts once. Under the lock.
 */
final class FleetProcessor {
  private final Map<String, FleetRecord> fleet;

  FleetProcessor(Map<String, FleetRecord> fleet) {
    this.fleet = fleet;
  }

  static boolean isFleetType(String type) {
    return switch (type) {
      case "fault.raised",
          "fault.cleared",
          "mode.changed",
          "cmd.result",
          "cfg.applied",
          "cfg.rejected",
          "faults.open",
          "log.chunk",
          "selftest.journal",
          "tele.sample" ->
          true;
      default -> false;
    };
  }

  void apply(String kioskId, String type, JsonNode body) {
    FleetRecord r = fleet.computeIfAbsent(kioskId, k -> new FleetRecord());
    JsonNode b = body == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : body;
    String key = b.path("device").asText("?") + "/" + b.path("code").asText("?");
    switch (type) {
      case "fault.raised" -> {
        r.faultsRaised++;
        r.openFaults.put(key, b);
      }
      case "fault.cleared" -> {
        r.faultsCleared++;
        r.openFaults.remove(key);
      }
      case "mode.changed" -> {
        r.mode = b.path("mode").asText(null);
        r.modeReason = b.path("reason").asText("");
      }
      case "cmd.result" -> r.commandResults.put(b.path("cmdId").asText("-"), b);
      case "cfg.applied" -> r.configVersion = Math.max(r.configVersion, b.path("version").asLong());
      case "log.chunk" -> {
        // Only the latest collection is kept: logs are for a look now, not an archive.
        String id = b.path("collectionId").asText("");
        if (!id.equals(r.logCollectionId)) {
          r.logCollectionId = id;
          r.logChunks = new TreeMap<>();
        }
        r.logChunks.put(b.path("index").asInt(), b.path("text").asText(""));
      }
      case "tele.sample" -> r.teleSample(b);
      case "selftest.journal" -> {
        // The self-test's journal probe: counted once like every event, nothing to apply.
      }
      case "faults.open" -> {
        // A resync: the kiosk's own open set replaces what the events built up.
        r.openFaults.clear();
        for (JsonNode f : b.path("faults")) {
          r.openFaults.put(f.path("device").asText("?") + "/" + f.path("code").asText("?"), f);
        }
        r.mode = b.path("mode").asText(r.mode);
        r.modeReason = b.path("reason").asText(r.modeReason);
      }
      default -> r.lastConfigRejection = b;
    }
  }
}
