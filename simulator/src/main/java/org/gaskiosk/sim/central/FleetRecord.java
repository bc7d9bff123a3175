package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the central simulator learnt from one kiosk's fleet events: open faults, mode, command
 * results and configuration outcomes. Mutable, guarded by the simulator's lock; public fields
 * because Jackson persists it with the rest of the state.
 */
public final class FleetRecord {
  /** Open faults by {@code device/code}, the body of their {@code fault.raised}. */
  public Map<String, JsonNode> openFaults = new LinkedHashMap<>();

  /** Every fault raise and clear counted, repeats of an open device/code included. */
  public long faultsRaised;

  public long faultsCleared;

  /** The mode of the last {@code mode.changed}, or null. */
  public String mode;

  public String modeReason;

  /** The last {@code cmd.result} body of each cmdId (refusals without a cmdId under "-"). */
  public Map<String, JsonNode> commandResults = new LinkedHashMap<>();

  /** Version of the last {@code cfg.applied}. */
  public long configVersion;

  /** The last {@code cfg.rejected} body, or null. */
  public JsonNode lastConfigRejection;

  /** The collection id of the last {@code collect-logs} answer whose chunks arrived. */
  public String logCollectionId;

  /** Its {@code log.chunk} texts by index. */
  public Map<Integer, String> logChunks = new java.util.TreeMap<>();
}
