package org.gaskiosk.sim.central;

/**
 * One QR payment at the simulated payment provider, by the kiosk's txnId.
 *
 * @param method {@code qr-scan} (the resident's code charged) or {@code qr-show} (a QR the kiosk
 *     showed)
 * @param status {@code confirming}, {@code shown}, {@code paid}, {@code declined}, {@code
 *     cancelled}, or {@code refunded} (paid after the kiosk cancelled: taken and given back)
 * @param money what the payment is for, in fen
 * @param polls how many times the kiosk asked about it
 */
public record QrCharge(
    String txnId,
    String kioskId,
    String method,
    String cardNo,
    long money,
    String codeMasked,
    String status,
    String paymentId,
    String payload,
    String expiresAt,
    int polls,
    String createdAt,
    String paidAt,
    String refundedAt) {

  QrCharge withStatus(String newStatus) {
    return new QrCharge(
        txnId,
        kioskId,
        method,
        cardNo,
        money,
        codeMasked,
        newStatus,
        paymentId,
        payload,
        expiresAt,
        polls,
        createdAt,
        paidAt,
        refundedAt);
  }

  QrCharge paid(String id, String at) {
    return new QrCharge(
        txnId,
        kioskId,
        method,
        cardNo,
        money,
        codeMasked,
        "paid",
        id,
        payload,
        expiresAt,
        polls,
        createdAt,
        at,
        refundedAt);
  }

  QrCharge refunded(String id, String at) {
    return new QrCharge(
        txnId,
        kioskId,
        method,
        cardNo,
        money,
        codeMasked,
        "refunded",
        id,
        payload,
        expiresAt,
        polls,
        createdAt,
        at,
        at);
  }

  QrCharge polled() {
    return new QrCharge(
        txnId,
        kioskId,
        method,
        cardNo,
        money,
        codeMasked,
        status,
        paymentId,
        payload,
        expiresAt,
        polls + 1,
        createdAt,
        paidAt,
        refundedAt);
  }

  /** The money the provider holds for this payment: taken and not given back. */
  public long kept() {
    return status.equals("paid") ? money : 0;
  }

  /** The money the provider took at some point (kept or refunded). */
  public long taken() {
    return status.equals("paid") || status.equals("refunded") ? money : 0;
  }
}
