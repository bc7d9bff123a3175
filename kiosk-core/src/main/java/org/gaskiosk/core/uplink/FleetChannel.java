package org.gaskiosk.core.uplink;

import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.gaskiosk.core.fleet.FleetLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uplink's side of fleet operations: telemetry out at QoS 0 with a message expiry, commands and
 * configuration in, the presence mode, and the link's health for telemetry.
 */
final class FleetChannel implements FleetLink {
  private static final Logger log = LoggerFactory.getLogger(FleetChannel.class);

  /** A telemetry message older than this is worthless: the broker drops it (docs/mqtt.md). */
  static final long TELEMETRY_EXPIRY_SECONDS = 300;

  /** Publishes without waiting. */
  interface Publisher {
    void publish(String topic, byte[] payload, int qos, MqttProperties props) throws MqttException;
  }

  /** Where the presence mode goes. */
  interface Presence {
    void setMode(String mode, String reason);
  }

  private final Topics topics;
  private final Supplier<Boolean> ready;
  private final Publisher publisher;
  private final Presence presence;
  private final Supplier<UplinkHealth> health;
  private final Runnable resync;
  private volatile BiConsumer<String, byte[]> receiver;

  FleetChannel(
      Topics topics,
      Supplier<Boolean> ready,
      Publisher publisher,
      Presence presence,
      Supplier<UplinkHealth> health,
      Runnable resync) {
    this.topics = topics;
    this.resync = resync;
    this.ready = ready;
    this.publisher = publisher;
    this.presence = presence;
    this.health = health;
  }

  @Override
  public void publishTelemetry(byte[] payload) {
    offerTelemetry(payload);
  }

  @Override
  public boolean offerTelemetry(byte[] payload) {
    if (!ready.get()) {
      log.debug("uplink {}: offline, telemetry not published", topics.kioskId());
      return false;
    }
    MqttProperties p = new MqttProperties();
    p.setMessageExpiryInterval(TELEMETRY_EXPIRY_SECONDS);
    p.setPayloadFormat(true);
    try {
      publisher.publish(topics.telemetry(), payload, 0, p);
      return true;
    } catch (MqttException e) {
      log.debug("uplink {}: telemetry not published: {}", topics.kioskId(), e.toString());
      return false;
    }
  }

  @Override
  public void onFleetMessage(BiConsumer<String, byte[]> receiver) {
    this.receiver = receiver;
  }

  @Override
  public void setPresenceMode(String mode, String reason) {
    presence.setMode(mode, reason);
  }

  @Override
  public boolean resync() {
    if (!ready.get()) {
      return false;
    }
    resync.run();
    return true;
  }

  @Override
  public Status status() {
    UplinkHealth h = health.get();
    return new Status(h.connected(), h.lastCentralContact(), h.outboxDepth());
  }

  /**
   * Hands a command or configuration to the receiver; on Paho's thread.
   *
   * @return false when the topic is neither
   */
  boolean onMessage(String topic, MqttMessage message) {
    String prefix = Topics.ROOT + topics.kioskId() + "/";
    if (!topic.equals(topics.config()) && !topic.startsWith(prefix + "cmd/")) {
      return false;
    }
    BiConsumer<String, byte[]> r = receiver;
    String suffix = topic.substring(prefix.length());
    if (r == null) {
      log.error(
          "uplink {}: {} arrived but no fleet agent listens; it is lost", topics.kioskId(), suffix);
    } else {
      r.accept(suffix, message.getPayload());
    }
    return true;
  }
}
