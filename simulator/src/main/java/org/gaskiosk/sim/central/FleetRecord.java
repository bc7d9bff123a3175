package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
  public Map<Integer, String> logChunks = new TreeMap<>();

  /**
   * At most this many queued telemetry samples are kept (the newest): a console, not an archive.
   */
  static final int TELE_HISTORY_LIMIT = 500;

  /**
   * Telemetry the kiosk journaled while it could not publish ({@code tele.sample}), oldest first as
   * they arrived in seq order, the newest {@link #TELE_HISTORY_LIMIT}.
   */
  public List<JsonNode> teleHistory = new ArrayList<>();

  /** Every {@code tele.sample} counted once. */
  public long teleSamples;

  /** The kiosk's {@code droppedSamples}, summed: outage telemetry it left out to bound its disk. */
  public long teleSamplesDropped;

  void teleSample(JsonNode body) {
    teleSamples++;
    teleSamplesDropped += body.path("droppedSamples").asLong(0);
    teleHistory.add(body);
    while (teleHistory.size() > TELE_HISTORY_LIMIT) {
      teleHistory.remove(0);
    }
  }
}
