package org.gaskiosk.core.port;

/**
 * The central system's "paid" notification for a shown payment QR (central to kiosk; may arrive
 * more than once, and after the kiosk gave up).
 *
 * @param txnId the transaction the payment is for
 * @param paymentId the provider's payment id
 * @param money what was taken, in fen
 */
public record QrPaidNotice(String txnId, String paymentId, long money) {

  /** Receives notifications; on the uplink's thread, so it must hand them on and return. */
  @FunctionalInterface
  public interface Listener {
    void onQrPaid(QrPaidNotice notice);
  }
}
