package org.gaskiosk.core.port;

import java.time.LocalDateTime;

/**
 * One record of the card's cyclic transaction log.
 *
 * @param sequence the online (load) or offline (purchase) sequence number of the transaction
 * @param amount the amount in card units
 * @param type the transaction type (02 = purse load)
 * @param terminalId the terminal that made it (12 hex digits)
 * @param time when, as the terminal said
 */
public record CardLogEntry(
    int sequence, long amount, int type, String terminalId, LocalDateTime time) {
  public static final int TYPE_PURSE_LOAD = 0x02;
}
