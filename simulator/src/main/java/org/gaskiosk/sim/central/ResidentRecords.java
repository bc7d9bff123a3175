package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What residents asked for and said at the kiosks: service requests for the safety and ignition
 * teams, and the one-touch ratings totalled. Mutable, guarded by the simulator's lock; public
 * fields because Jackson persists it with the rest of the state.
 */
public final class ResidentRecords {
  /**
   * Every {@code service.request} by requestId: the event's body plus {@code kioskId}, {@code
   * eventId} and {@code receivedAt}.
   */
  public Map<String, JsonNode> serviceRequests = new LinkedHashMap<>();

  /** Ratings counted over all kiosks: {@code good}, {@code ok}, {@code bad}. */
  public Map<String, Long> ratings = new TreeMap<>();

  /** The same per kiosk. */
  public Map<String, Map<String, Long>> ratingsByKiosk = new TreeMap<>();

  /** The txnIds already rated, so that a purchase counts once whatever a kiosk sends. */
  public Map<String, String> ratedTxns = new LinkedHashMap<>();
}
