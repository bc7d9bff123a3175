package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.journal.PendingEvent;

/**
 * Telemetry that could not go out live (link down, or the publish failed) journaled as {@code
 * tele.sample} outbox events, so the central system gets the outage's history in {@code seq} order
 * once the broker is back (docs/mqtt.md). Bounded so that a long outage cannot fill the disk: at
 * most one sample per half interval (a rescheduled interval fires early; live telemetry runs once
 * per interval anyway) and at most {@link #MAX_PER_OUTAGE} per outage; what is left out is counted
 * and reported as {@code droppedSamples} in one closing sample journaled when telemetry goes out
 * live again. Fleet thread only.
 */
final class TelemetryBacklog {
  static final String TYPE = "tele.sample";

  /**
   * One hour at the default 60 s interval, where most outages end; about 1 KB each, so at most ~60
   * KB of outbox per outage, and draining them on reconnect costs the money events behind them only
   * a few extra batches.
   */
  static final int MAX_PER_OUTAGE = 60;

  private static final TypeReference<Map<String, Object>> BODY = new TypeReference<>() {};

  /** What became of one sample the link could not take. */
  enum Outcome {
    /** Journaled as a {@code tele.sample} event. */
    QUEUED,
    /** Less than half an interval after the last queued one: counted as dropped. */
    THINNED,
    /** The outage's quota is used up: counted as dropped. */
    DROPPED
  }

  private final EventRecorder recorder;
  private final Clock clock;
  private final int maxPerOutage;
  private boolean inOutage;
  private int queued;
  private long dropped;
  private Instant lastQueuedAt;

  TelemetryBacklog(EventRecorder recorder, Clock clock, int maxPerOutage) {
    if (maxPerOutage < 1) {
      throw new IllegalArgumentException("maxPerOutage must be positive, got " + maxPerOutage);
    }
    this.recorder = recorder;
    this.clock = clock;
    this.maxPerOutage = maxPerOutage;
  }

  /**
   * The link could not take this sample.
   *
   * @param interval the telemetry interval in force
   */
  Outcome undelivered(ObjectNode sample, Duration interval) {
    Instant now = clock.instant();
    inOutage = true;
    if (lastQueuedAt != null
        && Duration.between(lastQueuedAt, now).compareTo(interval.dividedBy(2)) < 0) {
      dropped++;
      return Outcome.THINNED;
    }
    if (queued >= maxPerOutage) {
      dropped++;
      return Outcome.DROPPED;
    }
    journal(sample);
    queued++;
    lastQueuedAt = now;
    return Outcome.QUEUED;
  }

  /**
   * A sample went out live: the outage, if any, is over. If samples were dropped during it, this
   * one is journaled as well, carrying the count, so the central learns how much history is
   * missing.
   *
   * @return whether a closing sample was journaled
   */
  boolean delivered(ObjectNode sample) {
    boolean closing = inOutage && dropped > 0;
    if (closing) {
      journal(sample);
    }
    inOutage = false;
    queued = 0;
    dropped = 0;
    lastQueuedAt = null;
    return closing;
  }

  /** Samples dropped so far in the current outage. */
  long dropped() {
    return dropped;
  }

  private void journal(ObjectNode sample) {
    ObjectNode body = sample.deepCopy();
    body.put("droppedSamples", dropped);
    recorder.record(List.of(new PendingEvent(TYPE, JsonFile.JSON.convertValue(body, BODY))));
    // The count travelled with this sample; the next one counts afresh.
    dropped = 0;
  }
}
