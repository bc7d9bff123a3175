package org.gaskiosk.core.port;

import java.time.Instant;

/** The central system's answer to a {@link QrRequest}; every outcome is a value. */
public sealed interface QrResult {

  /**
   * The money is taken.
   *
   * @param paymentId the provider's payment id
   * @param money what was taken, in fen
   */
  record Paid(String paymentId, long money) implements QrResult {}

  /** The wallet asks the resident to confirm (password, fingerprint): ask again with the txnId. */
  record Confirming(String message) implements QrResult {}

  /**
   * A definite no: nothing was taken.
   *
   * @param code machine-readable, e.g. {@code declined}, {@code invalid-code}, {@code expired}
   */
  record Declined(String code, String message) implements QrResult {}

  /**
   * qr.create: the QR to show.
   *
   * @param payload the text the QR code carries (a payment URL)
   * @param expiresAt after this the provider refuses payment
   */
  record Created(String payload, Instant expiresAt) implements QrResult {}

  /** qr.cancel: nothing was or will be taken. */
  record Cancelled(String message) implements QrResult {}

  /**
   * No answer in time (or the link is down): the payment's state is unknown; ask again with the
   * same txnId.
   */
  record Unreachable(String message) implements QrResult {}
}
