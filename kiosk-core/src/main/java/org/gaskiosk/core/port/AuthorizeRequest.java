package org.gaskiosk.core.port;

import java.time.LocalDateTime;
import java.util.List;

/**
 * load.authorize: the central system verifies MAC1 with the card's load key and returns MAC2 over
 * the host time. Idempotent by {@code txnId}: a retry returns the same decision and never reserves
 * an order twice.
 *
 * @param requestId correlation id of this message
 * @param txnId the journal's transaction id
 * @param cardNo the card
 * @param amount the load in card units
 * @param money the money the load stands for, in fen
 * @param terminalId the kiosk's 6-byte terminal id, as 12 hex digits
 * @param init the card's INITIALIZE FOR LOAD answer (sequence, random, MAC1)
 * @param hostTime the date and time MAC2 covers and CREDIT FOR LOAD will carry
 * @param orderIds the central orders (online orders, pending credits) this load picks up; empty for
 *     a fresh purchase
 */
public record AuthorizeRequest(
    String requestId,
    String txnId,
    String cardNo,
    long amount,
    long money,
    String terminalId,
    LoadInit init,
    LocalDateTime hostTime,
    List<String> orderIds) {
  public AuthorizeRequest {
    orderIds = List.copyOf(orderIds);
  }
}
