package org.gaskiosk.sim.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.PendingEvent;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.uplink.MqttUplink;
import org.gaskiosk.core.uplink.NoDelaySockets;
import org.gaskiosk.core.uplink.Topics;
import org.gaskiosk.core.uplink.UplinkConfig;

/**
 * Figure 4: a backlog of outbox events queued while the broker was down, drained through Mosquitto
 * to a central that acknowledges each batch (rows deleted durably on each ack), beside a raw Paho
 * QoS 1 publish loop sending the very same batch payloads to the same broker, with the same
 * in-flight window, in the same run.
 */
final class DrainFigure {
  private static final int QUEUE_CHUNK = 500;

  private DrainFigure() {}

  static ObjectNode run(Path folder, int events) throws Exception {
    try (BenchBroker broker = new BenchBroker(folder.resolve("mosquitto"));
        JournalDatabase db = JournalDatabase.openFile(folder.resolve("journal"), true)) {
      RechargeJournal journal = new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);
      long queueStart = System.nanoTime();
      for (int done = 0; done < events; done += QUEUE_CHUNK) {
        List<PendingEvent> chunk = new ArrayList<>();
        for (int i = done; i < Math.min(events, done + QUEUE_CHUNK); i++) {
          chunk.add(
              new PendingEvent(
                  "cash.accepted",
                  Map.of(
                      "txnId",
                      UUID.randomUUID().toString(),
                      "noteId",
                      "note-" + i,
                      "value",
                      2000L)));
        }
        journal.record(chunk);
      }
      long queueNanos = System.nanoTime() - queueStart;

      broker.start(); // the broker comes back
      UplinkConfig config = UplinkConfig.defaults(broker.uri(), "BENCH-DRAIN");
      long kioskNanos;
      List<byte[]> payloads;
      try (BenchAcker acker = new BenchAcker(broker.uri())) {
        MqttUplink uplink =
            new MqttUplink(
                config, journal.outbox(), Clock.systemUTC(), UUID.randomUUID().toString());
        long start = System.nanoTime();
        uplink.start();
        long deadline = start + TimeUnit.MINUTES.toNanos(30);
        while (journal.outbox().depth() > 0) {
          broker.requireAlive();
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the backlog did not drain in 30 minutes");
          }
          BenchBroker.sleep(5);
        }
        kioskNanos = System.nanoTime() - start;
        uplink.close();
        payloads = acker.payloads();

        long rawNanos = rawLoop(broker.uri(), payloads, config.inFlightWindow());
        double kioskRate = events / (kioskNanos / 1e9);
        long rawSent = 0;
        for (byte[] p : payloads) {
          rawSent += Figures.JSON.readTree(p).path("events").size();
        }
        long deadline2 = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (acker.rawEvents() < rawSent && System.nanoTime() < deadline2) {
          BenchBroker.sleep(5);
        }
        double rawRate = rawSent / (rawNanos / 1e9);
        ObjectNode f = Figures.figure("backlog-drain");
        f.put("events", events);
        f.put("batches", payloads.size());
        f.put("batchSize", config.batchSize());
        f.put("window", config.inFlightWindow());
        f.put("kioskEventsPerSecond", Math.round(kioskRate));
        f.put("rawPahoEventsPerSecond", Math.round(rawRate));
        double ratio = kioskRate / rawRate;
        f.put("ratio", Figures.round(ratio));
        f.put("kioskSeconds", Figures.round(kioskNanos / 1e9));
        f.put("rawSeconds", Figures.round(rawNanos / 1e9));
        f.put("rawEventsSeenByCentral", acker.rawEvents());
        f.put("queuedPerSecond", Math.round(events / (queueNanos / 1e9)));
        f.put(
            "note",
            "kiosk: uplink start to outbox empty (every batch acked after the central's parse, rows"
                + " deleted durably); raw: the same payloads, Paho QoS 1, same window, until every"
                + " PUBACK");
        Figures.goal(f, "drain/raw Paho", ratio, 0.8, false);
        return f;
      }
    }
  }

  /** Publishes every payload at QoS 1 with at most {@code window} unacknowledged. */
  private static long rawLoop(String brokerUri, List<byte[]> payloads, int window)
      throws Exception {
    MqttAsyncClient client = new MqttAsyncClient(brokerUri, "bench-raw", new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setSocketFactory(NoDelaySockets.wrap(SocketFactory.getDefault()));
    o.setCleanStart(true);
    client.connect(o).waitForCompletion(10_000);
    String topic = new Topics(BenchAcker.RAW_KIOSK).events();
    Semaphore slots = new Semaphore(window);
    MqttActionListener release =
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            slots.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable cause) {
            slots.release();
          }
        };
    long start = System.nanoTime();
    for (byte[] p : payloads) {
      slots.acquire();
      org.eclipse.paho.mqttv5.common.MqttMessage m =
          new org.eclipse.paho.mqttv5.common.MqttMessage(p);
      m.setQos(1);
      client.publish(topic, m, null, release);
    }
    slots.acquire(window); // every PUBACK in
    long nanos = System.nanoTime() - start;
    client.disconnect().waitForCompletion(5_000);
    client.close();
    return nanos;
  }
}
