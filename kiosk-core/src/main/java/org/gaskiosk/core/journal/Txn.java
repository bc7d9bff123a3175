package org.gaskiosk.core.journal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardUnit;

/**
 * One recharge as the journal holds it.
 *
 * @param txnId generated and stored before anything else happens
 * @param reference the short code printed on receipts and quoted to the hotline
 * @param amount the load in card units (fen or 0.01 m3); fixed at PAID
 * @param money the money the load stands for, in fen; fixed at PAID
 * @param paid cash received at this kiosk, in fen
 * @param orderIds the central orders this transaction loads (pickups, resumed pending credits)
 * @param seqBefore the purse online sequence INITIALIZE FOR LOAD reported, set at AUTHORIZED
 * @param hostTime the date and time MAC2 covers
 * @param reason why the transaction is where it is (refusal, pending reason), for screens and
 *     audits
 */
public record Txn(
    String txnId,
    String reference,
    TxnKind kind,
    TxnState state,
    String cardNo,
    CardFamily family,
    CardUnit unit,
    long balanceBefore,
    String meterJson,
    String quoteJson,
    long amount,
    long money,
    long paid,
    String paymentMethod,
    List<String> orderIds,
    String terminalId,
    Integer seqBefore,
    LocalDateTime hostTime,
    String mac2,
    String tac,
    Long balanceAfter,
    String reason,
    String receipt,
    int transitions,
    Instant createdAt,
    Instant updatedAt) {
  public Txn {
    orderIds = List.copyOf(orderIds);
  }
}
