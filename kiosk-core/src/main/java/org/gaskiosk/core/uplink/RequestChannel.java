package org.gaskiosk.core.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 request/response: each request goes to {@code req/{op}} with the kiosk's response topic,
 * the request id as correlation data and a message expiry of the timeout (a request nobody picked
 * up in time is dropped by the broker, not answered late). Waits at most the timeout; every failure
 * is a message, never an exception.
 */
final class RequestChannel {
  private static final Logger log = LoggerFactory.getLogger(RequestChannel.class);

  /** Publishes a request at QoS 1 without waiting. */
  interface Sender {
    void publish(String topic, byte[] payload, MqttProperties properties) throws MqttException;
  }

  /**
   * The answer's JSON, or why there is none.
   *
   * @param answer the answer object, or null
   * @param failure a sentence for the engineer on call, or null
   */
  record Outcome(JsonNode answer, String failure) {
    static Outcome failed(String failure) {
      return new Outcome(null, failure);
    }
  }

  private final String kioskId;
  private final Topics topics;
  private final Duration timeout;
  private final UplinkCodec codec;
  private final Sender sender;
  private final PendingRequests pending = new PendingRequests();

  RequestChannel(String kioskId, Duration timeout, UplinkCodec codec, Sender sender) {
    this.kioskId = kioskId;
    this.topics = new Topics(kioskId);
    this.timeout = timeout;
    this.codec = codec;
    this.sender = sender;
  }

  Outcome ask(String op, String requestId, byte[] payload) {
    Objects.requireNonNull(requestId, "requestId");
    long started = System.nanoTime();
    long timeoutMs = timeout.toMillis();
    CompletableFuture<PendingRequests.Answer> answer = pending.register(requestId);
    try {
      MqttProperties p = new MqttProperties();
      p.setResponseTopic(topics.responses());
      p.setCorrelationData(requestId.getBytes(StandardCharsets.UTF_8));
      p.setMessageExpiryInterval(Math.max(1, (timeoutMs + 999) / 1000));
      p.setPayloadFormat(true);
      sender.publish(topics.request(op), payload, p);
      PendingRequests.Answer a = answer.get(timeoutMs, TimeUnit.MILLISECONDS);
      if (a.problem() != null) {
        return Outcome.failed("unreadable answer to " + op + " " + requestId + ": " + a.problem());
      }
      return new Outcome(a.body(), null);
    } catch (MqttException e) {
      return Outcome.failed(op + " " + requestId + " could not be sent: " + e);
    } catch (TimeoutException e) {
      log.info("uplink {}: no answer to {} {} within {}", kioskId, op, requestId, timeout);
      return Outcome.failed(
          "no answer to " + op + " " + requestId + " within " + timeoutMs + " ms");
    } catch (ExecutionException e) {
      long ms = (System.nanoTime() - started) / 1_000_000;
      return Outcome.failed(
          op + " " + requestId + " abandoned after " + ms + " ms: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed("interrupted while waiting for the answer to " + op + " " + requestId);
    } finally {
      pending.remove(requestId);
    }
  }

  /**
   * Hands an answer to whoever waits for it; on Paho's thread, never blocks.
   *
   * @return true when it was an answer (it carried correlation data), i.e. the central system spoke
   */
  boolean onResponse(MqttMessage message) {
    MqttProperties props = message.getProperties();
    byte[] correlation = props == null ? null : props.getCorrelationData();
    if (correlation == null) {
      log.warn("uplink {}: answer without correlation data ignored", kioskId);
      return false;
    }
    String requestId = new String(correlation, StandardCharsets.UTF_8);
    PendingRequests.Answer answer;
    try {
      answer = new PendingRequests.Answer(codec.read(message.getPayload()), null);
    } catch (UplinkCodec.Malformed e) {
      log.warn("uplink {}: unreadable answer to {}: {}", kioskId, requestId, e.getMessage());
      answer = new PendingRequests.Answer(null, e.getMessage());
    }
    if (!pending.complete(requestId, answer)) {
      log.debug(
          "uplink {}: answer to {} came after its caller stopped waiting", kioskId, requestId);
    }
    return true;
  }

  /** Every waiting request gives up now with {@code reason}. */
  void failAll(String reason) {
    pending.failAll(reason);
  }
}
