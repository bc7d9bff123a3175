package org.gaskiosk.core.journal;

import java.time.Instant;

/**
 * One event waiting in the transactional outbox for the central system's ack.
 *
 * @param seq per-kiosk, strictly increasing; the central system acks "up to seq"
 * @param eventId generated and stored with the business change; the central system counts each once
 * @param type e.g. {@code txn.completed}, {@code txn.pending}
 * @param occurredAt when the change committed
 * @param bodyJson the event body, a JSON object
 */
public record OutboxEvent(
    long seq, String eventId, String type, Instant occurredAt, String bodyJson) {}
