package org.gaskiosk.sim;

import java.time.Duration;
import java.util.Map;

/**
 * What the control API asks of the central simulator. JSON-ready answers; bad input throws
 * IllegalArgumentException.
 */
public interface CentralControl {
  Map<String, Object> ledger();

  Object accounts();

  /** The kiosks' daily settlements reconciled against the ledger. */
  Object settlements();

  /** The meter alerts (alert.meter) the central system committed, one per distinct reading. */
  Object meterAlerts();

  /**
   * Sets an account's safety status ("ok", "inspection-due", "hold") and the notice shown to the
   * resident.
   */
  void setSafety(String cardNo, String safety, String notice);

  /** Every service request residents made at the kiosks, by requestId. */
  Object serviceRequests();

  /** The residents' ratings: totals over all kiosks and per kiosk. */
  Object feedback();

  /** An order paid elsewhere, waiting for pickup; returns its id. */
  String createOrder(String cardNo, long amount, long money);

  /** The fleet console's document: each kiosk's presence, mode, faults, telemetry. */
  Object fleet();

  /**
   * Signs and sends a remote command (args may be null); returns its cmdId. Throws
   * IllegalArgumentException for a kiosk id that cannot be a topic level.
   */
  String sendCommand(
      String kioskId, String name, com.fasterxml.jackson.databind.JsonNode args, Duration validity);

  /**
   * The last log collection ({@code collect-logs}) that arrived from the kiosk: {@code
   * collectionId}, {@code chunks} received, {@code text}.
   */
  Map<String, Object> logs(String kioskId);

  /** Signs and publishes a retained configuration. */
  void pushConfig(String kioskId, long version, com.fasterxml.jackson.databind.JsonNode config);
}
