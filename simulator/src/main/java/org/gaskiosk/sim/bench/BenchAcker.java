package org.gaskiosk.sim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
import org.gaskiosk.core.uplink.NoDelaySockets;
import org.gaskiosk.core.uplink.Topics;

/**
 * The central system's half of the event contract and nothing else, for the backlog drain: takes
 * each event batch at QoS 1, parses it, and acknowledges its last seq on the kiosk's ack topic. The
 * central simulator is not used here because it rewrites its whole state file on every batch (O(n)
 * per batch, so O(n^2) for a backlog): that would measure the simulator, not the kiosk. Keeps the
 * batch payloads so the raw Paho loop can send exactly the same bytes.
 */
final class BenchAcker implements AutoCloseable {
  /** The raw loop publishes as this kiosk: received (the broker fans out alike), never acked. */
  static final String RAW_KIOSK = "BENCH-RAW";

  private final MqttAsyncClient client;
  private final List<byte[]> payloads = new ArrayList<>();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong rawEvents = new AtomicLong();

  BenchAcker(String brokerUri) throws MqttException {
    client = new MqttAsyncClient(brokerUri, "bench-acker", new MemoryPersistence());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage message) throws Exception {
            onBatch(topic, message.getPayload());
          }

          @Override
          public void disconnected(MqttDisconnectResponse r) {}

          @Override
          public void mqttErrorOccurred(MqttException e) {}

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverURI) {}

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setSocketFactory(NoDelaySockets.wrap(SocketFactory.getDefault()));
    o.setCleanStart(true);
    o.setReceiveMaximum(1000);
    client.connect(o).waitForCompletion(10_000);
    client.subscribe(Topics.ALL_EVENTS, 1).waitForCompletion(10_000);
  }

  private void onBatch(String topic, byte[] payload) throws MqttException {
    String kioskId = Topics.parse(topic).orElseThrow().kioskId();
    JsonNode batch;
    try {
      batch = Figures.JSON.readTree(payload);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON on " + topic, e);
    }
    JsonNode list = batch.path("events");
    if (kioskId.equals(RAW_KIOSK)) {
      rawEvents.addAndGet(list.size());
      return;
    }
    if (list.isEmpty()) {
      return;
    }
    synchronized (payloads) {
      payloads.add(payload);
    }
    events.addAndGet(list.size());
    long last = list.get(list.size() - 1).path("seq").asLong();
    client.publish(
        new Topics(kioskId).ack(),
        ("{\"ackUpTo\":" + last + "}").getBytes(StandardCharsets.UTF_8),
        1,
        false);
  }

  /** Every batch payload received from kiosks, in arrival order. */
  List<byte[]> payloads() {
    synchronized (payloads) {
      return List.copyOf(payloads);
    }
  }

  long rawEvents() {
    return rawEvents.get();
  }

  @Override
  public void close() throws MqttException {
    client.disconnect().waitForCompletion(5_000);
    client.close();
  }
}
