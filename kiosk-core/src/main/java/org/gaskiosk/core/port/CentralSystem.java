package org.gaskiosk.core.port;

/**
 * The gas company's central system, asked online questions. Each call waits at most the configured
 * request timeout; an unreachable central system is a value, not an exception. Requests are
 * idempotent by their ids.
 */
public interface CentralSystem {

  /** card.lookup: who owns this card, is a safety hold on the account, what waits to be loaded. */
  LookupResult lookup(LookupRequest request);

  /** load.authorize: verify MAC1, reserve what is loaded, return MAC2. */
  AuthorizeResult authorize(AuthorizeRequest request);

  /**
   * card.service: for an SLE4442 memory card, the bytes to write, the PSC to present and the new
   * PSC, computed by the central system from the raw card image.
   */
  CardServiceResult cardService(CardServiceRequest request);
}
