package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

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
          "cfg.rejected" ->
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
      default -> r.lastConfigRejection = b;
    }
  }
}
