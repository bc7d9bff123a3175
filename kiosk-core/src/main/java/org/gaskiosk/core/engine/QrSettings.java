package org.gaskiosk.core.engine;

import java.time.Duration;

/**
 * Timing of QR payments.
 *
 * @param scanTimeout how long the kiosk waits for a payment code to be scanned
 * @param confirmTimeout how long a scanned code may stay unconfirmed (wallet password, slow
 *     provider) before the kiosk gives up and cancels
 * @param showTimeout how long a shown payment QR waits to be paid (capped by its expiry)
 * @param pollInterval how often a confirming payment is asked again (same txnId)
 * @param reconcileInterval how often payments the kiosk gave up on are asked again until final
 */
public record QrSettings(
    Duration scanTimeout,
    Duration confirmTimeout,
    Duration showTimeout,
    Duration pollInterval,
    Duration reconcileInterval) {

  public QrSettings {
    for (Duration d :
        new Duration[] {
          scanTimeout, confirmTimeout, showTimeout, pollInterval, reconcileInterval
        }) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("QR timings must be positive durations: " + d);
      }
    }
  }

  /** A minute to scan, a minute to confirm, two minutes to pay a shown QR. */
  public static QrSettings defaults() {
    return new QrSettings(
        Duration.ofSeconds(60),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10));
  }
}
