package org.gaskiosk.core.port;

/**
 * The kiosk's QR payment questions to the central system (docs/mqtt.md, {@code qr.*}). Every one is
 * idempotent by {@code txnId}: asked again, the central system answers with the payment's current
 * state and never charges twice.
 */
public sealed interface QrRequest {
  /**
   * The correlation id of this message (new for every message; the txnId is the idempotency key).
   */
  String requestId();

  /** The journal's transaction the payment is for. */
  String txnId();

  /**
   * qr.charge: charge the payment code the resident showed to the scanner.
   *
   * @param code the wallet's payment code, 18 digits
   * @param money what to charge, in fen
   */
  record Charge(String requestId, String txnId, String cardNo, String code, long money)
      implements QrRequest {
    @Override
    public String toString() {
      // The payment code is a bearer token while it lives: never in logs.
      return "Charge["
          + requestId
          + ", txn "
          + txnId
          + ", "
          + money
          + " fen, code "
          + mask(code)
          + "]";
    }
  }

  /**
   * qr.create: create a payment QR for the kiosk to show; the central system says when it is paid.
   *
   * @param money what the resident pays, in fen
   */
  record Create(String requestId, String txnId, String cardNo, long money) implements QrRequest {}

  /**
   * qr.cancel: the kiosk gives up on the payment. The answer is final: {@code cancelled} (no money
   * will be taken, a late payment is refunded by the provider) or {@code paid} (the money came
   * first: the kiosk must load it or keep it as a pending credit).
   */
  record Cancel(String requestId, String txnId, String reason) implements QrRequest {}

  /** The first 4 and last 2 digits of a payment code, for journals, logs and screens. */
  static String mask(String code) {
    if (code == null || code.length() < 8) {
      return "****";
    }
    return code.substring(0, 4) + "*".repeat(code.length() - 6) + code.substring(code.length() - 2);
  }
}
