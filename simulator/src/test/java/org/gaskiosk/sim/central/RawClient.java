package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A bare MQTT client for tests: plays a hand-driven central or kiosk, or just watches. */
final class RawClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_MS = 10_000;

  /** One message as it arrived. */
  record Received(String topic, byte[] payload, MqttProperties properties, boolean retained) {
    JsonNode json() {
      try {
        return JSON.readTree(payload);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final MqttAsyncClient client;
  private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();

  RawClient(String uri, String clientId) throws MqttException {
    this(uri, clientId, null, null, null);
  }

  /**
   * Connects with clean start.
   *
   * @param username null for anonymous
   * @param socketFactory null for the defaults (TLS with the JVM's CAs for {@code ssl://})
   */
  RawClient(
      String uri, String clientId, String username, String password, SocketFactory socketFactory)
      throws MqttException {
    client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage m) {
            inbox.add(new Received(topic, m.getPayload(), m.getProperties(), m.isRetained()));
          }

          @Override
          public void disconnected(MqttDisconnectResponse r) {}

          @Override
          public void mqttErrorOccurred(MqttException e) {}

          @Override
          public void deliveryComplete(IMqttToken t) {}

          @Override
          public void connectComplete(boolean reconnect, String uri) {}

          @Override
          public void authPacketArrived(int code, MqttProperties p) {}
        });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    if (username != null) {
      o.setUserName(username);
      o.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    if (socketFactory != null) {
      o.setSocketFactory(socketFactory);
    }
    client.connect(o).waitForCompletion(WAIT_MS);
  }

  /** Subscribes at QoS 1, failing the test if the broker refuses. */
  RawClient subscribe(String filter) throws MqttException {
    int code = trySubscribe(filter);
    if (code >= 0x80) {
      throw new AssertionError("broker refused the subscription to " + filter + ": " + code);
    }
    return this;
  }

  /** Subscribes at QoS 1 and returns the SUBACK reason code (0x80 and above: refused). */
  int trySubscribe(String filter) throws MqttException {
    IMqttToken t = client.subscribe(filter, 1);
    t.waitForCompletion(WAIT_MS);
    int[] codes = t.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  /**
   * Publishes at QoS 1 and returns the PUBACK reason code, or the client's exception reason code if
   * the publish failed as a whole (MQTT 5 brokers answer an unauthorised publish with 0x87).
   */
  int tryPublish(String topic, String payload) {
    try {
      IMqttToken t =
          client.publish(
              topic,
              new MqttMessage(
                  payload.getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()));
      t.waitForCompletion(WAIT_MS);
      int[] codes = t.getReasonCodes();
      return codes == null || codes.length == 0 ? 0 : codes[0];
    } catch (MqttException e) {
      return e.getReasonCode();
    }
  }

  boolean isConnected() {
    return client.isConnected();
  }

  void publish(String topic, String payload) throws MqttException {
    publish(topic, payload.getBytes(StandardCharsets.UTF_8), new MqttProperties());
  }

  void publish(String topic, byte[] payload, MqttProperties props) throws MqttException {
    client.publish(topic, new MqttMessage(payload, 1, false, props)).waitForCompletion(WAIT_MS);
  }

  /** The next message, failing the test if none comes within {@code timeout}. */
  Received next(Duration timeout) throws InterruptedException {
    Received r = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no message within " + timeout);
    }
    return r;
  }

  /** The next message on {@code topic}, skipping others. */
  Received next(String topic, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Received r = inbox.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (r == null) {
        throw new AssertionError("no message on " + topic + " within " + timeout);
      }
      if (r.topic().equals(topic)) {
        return r;
      }
    }
  }

  List<Received> drain() {
    List<Received> out = new ArrayList<>();
    inbox.drainTo(out);
    return out;
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(WAIT_MS);
    }
    client.close();
  }
}
