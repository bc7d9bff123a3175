package org.gaskiosk.core.journal;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a QR payment stands, as the journal knows it. The open statuses are the ones in which money
 * may still move at the provider: the kiosk must ask (or cancel) until it knows.
 */
public enum QrStatus {
  /** Committed before qr.charge or qr.create is sent. */
  REQUESTED,
  /** The wallet asks the resident to confirm; the kiosk asks again with the same txnId. */
  CONFIRMING,
  /** The payment QR is on screen; the provider's paid notification is awaited. */
  SHOWN,
  /** The money is taken and credited to the transaction (paid = money). Final. */
  PAID,
  /** The provider said no; nothing was taken. Final. */
  DECLINED,
  /** Committed before qr.cancel is sent: the kiosk gave up, the provider must say what happened. */
  CANCELLING,
  /** The provider confirmed the cancellation; nothing was or will be taken. Final. */
  CANCELLED;

  private static final Set<QrStatus> OPEN = EnumSet.of(REQUESTED, CONFIRMING, SHOWN, CANCELLING);

  public boolean isOpen() {
    return OPEN.contains(this);
  }
}
