package org.gaskiosk.core.journal;

import java.time.Instant;

/**
 * One QR payment as the journal holds it.
 *
 * @param method {@code qr-scan} or {@code qr-show}
 * @param codeMasked the scanned payment code, masked (never stored in full)
 * @param payload the QR text shown (qr-show)
 */
public record QrPayment(
    String txnId,
    String method,
    QrStatus status,
    long money,
    String codeMasked,
    String paymentId,
    String payload,
    Instant expiresAt,
    String reason,
    Instant createdAt,
    Instant updatedAt) {}
