package org.gaskiosk.core.uplink;

import java.time.Instant;

/**
 * The uplink as telemetry and the maintenance screen see it.
 *
 * @param connected connected to the broker with the ack and response subscriptions in place
 * @param lastCentralContact when the central system last answered or acknowledged, or null if it
 *     has not since start-up
 * @param outboxDepth events waiting for the central system's ack, or -1 if the outbox could not be
 *     read
 * @param batchesInFlight event batches sent and not yet acknowledged
 * @param lastAckedSeq the highest seq the central system acknowledged since start-up (0 if none)
 * @param lastProblem why the last connection attempt failed or the last connection was lost, or
 *     null
 */
public record UplinkHealth(
    boolean connected,
    Instant lastCentralContact,
    long outboxDepth,
    int batchesInFlight,
    long lastAckedSeq,
    String lastProblem) {}
