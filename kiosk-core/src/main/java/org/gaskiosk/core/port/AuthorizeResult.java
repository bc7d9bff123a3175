package org.gaskiosk.core.port;

/** The central system's answer to load.authorize. */
public sealed interface AuthorizeResult {

  /** MAC2 for exactly this card, sequence, amount and host time. */
  record Authorized(byte[] mac2) implements AuthorizeResult {}

  /**
   * A definite no (MAC1 wrong, safety hold, order already picked up elsewhere, amount mismatch).
   *
   * @param code machine-readable reason, e.g. {@code mac1-invalid}, {@code safety-hold}, {@code
   *     order-taken}
   */
  record Refused(String code, String message) implements AuthorizeResult {}

  /** No answer in time; the load is not authorised and may be asked again with the same txnId. */
  record Unreachable(String message) implements AuthorizeResult {}
}
