package org.gaskiosk.core.uplink;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.gaskiosk.core.journal.OutboxEvent;
import org.gaskiosk.core.journal.OutboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the journal's outbox to the central system: batches at QoS 1, at most a window of batches
 * unacknowledged, rows deleted only on the central system's {@code ackUpTo}. Everything not
 * acknowledged is sent again after a reconnect or when the oldest batch waited longer than the ack
 * timeout (the central system counts each eventId once, so duplicates are harmless).
 *
 * <p>Not thread-safe: every method runs on the uplink's executor.
 */
final class OutboxPump {
  private static final Logger log = LoggerFactory.getLogger(OutboxPump.class);

  /**
   * Publish slots kept free below the broker's Receive Maximum for the presence message and
   * requests, which share the connection's QoS 1 window.
   */
  static final int RESERVED_SLOTS = 2;

  /** Publishes one batch at QoS 1 without waiting. */
  interface Publisher {
    void publish(byte[] payload) throws MqttException;
  }

  private record Batch(long afterSeq, long lastSeq, int events, long sentAtNanos) {}

  private final OutboxStore store;
  private final UplinkCodec codec;
  private final String kioskId;
  private final String bootId;
  private final int batchSize;
  private final int configuredWindow;
  private final long ackTimeoutNanos;
  private final LongSupplier nanoTime;
  private final Publisher publisher;

  private final Deque<Batch> inFlight = new ArrayDeque<>();
  private boolean ready;
  private int window;

  /** Everything this process sent in the current round has {@code seq <= cursor}. */
  private long cursor;

  /** Highest seq this process ever published: acks beyond it are not trusted. */
  private long maxPublished;

  private long ackedUpTo;
  private volatile int inFlightCount;
  private volatile long lastAcked;

  OutboxPump(
      OutboxStore store,
      UplinkCodec codec,
      String kioskId,
      String bootId,
      int batchSize,
      int configuredWindow,
      Duration ackTimeout,
      LongSupplier nanoTime,
      Publisher publisher) {
    this.store = store;
    this.codec = codec;
    this.kioskId = kioskId;
    this.bootId = bootId;
    this.batchSize = batchSize;
    this.configuredWindow = configuredWindow;
    this.ackTimeoutNanos = ackTimeout.toNanos();
    this.nanoTime = nanoTime;
    this.publisher = publisher;
  }

  /** The link is up and the ack subscription active: send everything unacknowledged again. */
  void connected(int serverReceiveMaximum) {
    window = Math.min(configuredWindow, Math.max(1, serverReceiveMaximum - RESERVED_SLOTS));
    ready = true;
    rewind();
    pump();
  }

  void disconnected() {
    ready = false;
    rewind();
  }

  /** Sends batches until the window is full or the outbox has nothing more. */
  void pump() {
    if (!ready) {
      return;
    }
    Batch oldest = inFlight.peekFirst();
    if (oldest != null && nanoTime.getAsLong() - oldest.sentAtNanos() > ackTimeoutNanos) {
      log.info(
          "uplink {}: no ack for events {}..{} within {} ms; sending everything unacknowledged"
              + " again",
          kioskId,
          oldest.afterSeq() + 1,
          oldest.lastSeq(),
          ackTimeoutNanos / 1_000_000);
      rewind();
    }
    while (inFlight.size() < window) {
      List<OutboxEvent> batch;
      try {
        batch = store.after(cursor, batchSize);
      } catch (RuntimeException e) {
        log.warn(
            "uplink {}: cannot read the outbox after seq {}; retrying later", kioskId, cursor, e);
        return;
      }
      if (batch.isEmpty()) {
        return;
      }
      long last = batch.get(batch.size() - 1).seq();
      try {
        publisher.publish(codec.eventBatch(kioskId, bootId, cursor, batch));
      } catch (MqttException e) {
        if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
          log.debug(
              "uplink {}: broker in-flight window full, events after {} wait", kioskId, cursor);
        } else {
          log.warn(
              "uplink {}: cannot publish events {}..{}: {}",
              kioskId,
              cursor + 1,
              last,
              e.toString());
        }
        return;
      }
      inFlight.addLast(new Batch(cursor, last, batch.size(), nanoTime.getAsLong()));
      inFlightCount = inFlight.size();
      cursor = last;
      maxPublished = Math.max(maxPublished, last);
    }
  }

  /** The central system committed every event with {@code seq <= ackUpTo}. */
  void acked(long ackUpTo) {
    long safe = Math.min(ackUpTo, maxPublished);
    if (ackUpTo > maxPublished) {
      // An ack for events this process never sent (a previous boot, or a confused central system):
      // deleting beyond what we sent could drop events the central system has never seen.
      log.info(
          "uplink {}: central acknowledged up to {} but this process sent only up to {}",
          kioskId,
          ackUpTo,
          maxPublished);
    }
    if (safe > ackedUpTo) {
      try {
        store.acknowledgeUpTo(safe);
      } catch (RuntimeException e) {
        log.warn("uplink {}: cannot delete acknowledged events up to {}", kioskId, safe, e);
        return;
      }
      ackedUpTo = safe;
      lastAcked = safe;
    }
    while (!inFlight.isEmpty() && inFlight.peekFirst().lastSeq() <= ackedUpTo) {
      inFlight.removeFirst();
    }
    inFlightCount = inFlight.size();
    pump();
  }

  /** Batches sent and not yet acknowledged; readable from any thread. */
  int inFlight() {
    return inFlightCount;
  }

  /** The highest seq the central system acknowledged to this process; any thread. */
  long lastAcked() {
    return lastAcked;
  }

  /**
   * Starts the next round from the beginning of the outbox: {@code afterSeq} 0 is always true,
   * because every row that is gone was acknowledged after the central system's commit.
   */
  private void rewind() {
    inFlight.clear();
    inFlightCount = 0;
    cursor = 0;
  }
}
