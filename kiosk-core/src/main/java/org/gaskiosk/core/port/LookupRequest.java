package org.gaskiosk.core.port;

import org.gaskiosk.core.domain.CardSnapshot;

/**
 * card.lookup.
 *
 * @param requestId the request's id, for idempotency and correlation
 * @param card what the kiosk read from the card
 */
public record LookupRequest(String requestId, CardSnapshot card) {}
