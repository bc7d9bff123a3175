package org.gaskiosk.core.journal;

import java.util.Map;

/**
 * An event to append to the outbox in the same transaction as a transition.
 *
 * @param type e.g. {@code txn.completed}
 * @param body JSON-ready map
 */
public record PendingEvent(String type, Map<String, Object> body) {}
