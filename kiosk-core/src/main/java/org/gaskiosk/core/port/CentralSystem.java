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
   * qr.charge, qr.create and qr.cancel. A central link without QR payment answers Unreachable, and
   * the kiosk does not offer QR.
   */
  default QrResult qr(QrRequest request) {
    return new QrResult.Unreachable("this central link does not carry QR payments");
  }

  /** Where the central system's "paid" notifications for shown QR codes go. */
  default void onQrPaid(QrPaidNotice.Listener listener) {}

  /**
   * Whether the link is up right now (a cheap local check, no network). QR payment is only started
   * while it is: the money moves at the central system, so the kiosk must be able to ask it.
   */
  default boolean connected() {
    return true;
  }

  /**
   * card.service: for an SLE4442 memory card, the bytes to write, the PSC to present and the new
   * PSC, computed by the central system from the raw card image. A central link without the service
   * answers Unreachable, and the kiosk sells nothing to memory cards through it.
   */
  default CardServiceResult cardService(CardServiceRequest request) {
    return new CardServiceResult.Unreachable("this central link does not carry card.service");
  }
}
