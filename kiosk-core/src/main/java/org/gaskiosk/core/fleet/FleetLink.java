package org.gaskiosk.core.fleet;

import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * What fleet operations need from the link to the central system; the MQTT uplink implements it
 * (contract: docs/mqtt.md).
 */
public interface FleetLink {
  /**
   * Publishes one telemetry message best effort (QoS 0, with a message expiry): dropped while the
   * link is down, because the next one replaces it anyway.
   */
  void publishTelemetry(byte[] payload);

  /**
   * Publishes one telemetry message like {@link #publishTelemetry} and says whether the link took
   * it: false when it is down or the publish failed, so the fleet agent journals the sample instead
   * ({@code tele.sample}, docs/mqtt.md). A link that cannot tell takes every message.
   */
  default boolean offerTelemetry(byte[] payload) {
    publishTelemetry(payload);
    return true;
  }

  /**
   * Registers the receiver of the central system's fleet messages: {@code ("cmd/lock", payload)},
   * {@code ("cfg", payload)}. Register before the link starts (a retained configuration arrives
   * right after the subscription). Called on the link's thread: hand the work over, never block.
   */
  void onFleetMessage(BiConsumer<String, byte[]> receiver);

  /** The mode in the retained presence message, republished at once. */
  void setPresenceMode(String mode, String reason);

  /**
   * The {@code resync} command's part on the link: presence published again, every unacknowledged
   * event sent again from the oldest ({@code afterSeq} 0), and the retained configuration asked for
   * again (subscribing anew makes the broker deliver it). Queued; any thread.
   *
   * @return false when the link is down (the next connection does all of this anyway)
   */
  boolean resync();

  /** For telemetry. Any thread, never blocks for long. */
  Status status();

  /**
   * @param connected to the broker, subscriptions in place
   * @param lastCentralContact the central system's last answer or ack, or null since start
   * @param outboxDepth events not yet acknowledged by the central system, or -1 if unknown
   */
  record Status(boolean connected, Instant lastCentralContact, long outboxDepth) {}
}
