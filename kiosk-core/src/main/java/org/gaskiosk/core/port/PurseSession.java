package org.gaskiosk.core.port;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.gaskiosk.core.domain.CardSnapshot;

/**
 * An open connection to a PBOC-style purse card (圈存). Loading is INITIALIZE FOR LOAD, then CREDIT
 * FOR LOAD with the MAC2 the central system's HSM computed; the kiosk never holds a load key.
 */
public interface PurseSession extends AutoCloseable {

  /** What was read when the card was opened. */
  CardSnapshot snapshot();

  /**
   * INITIALIZE FOR LOAD: changes nothing on the card; returns MAC1 and the online sequence before
   * the load.
   */
  CardResult<LoadInit> initializeForLoad(long amount, String terminalId);

  /**
   * CREDIT FOR LOAD with the host's date and time (those MAC2 covers). A {@link CardResult.Removed}
   * or {@link CardResult.Failed} here means "unknown whether loaded": never send it again before
   * reading the card's evidence.
   */
  CardResult<byte[]> creditForLoad(LocalDateTime hostTime, byte[] mac2);

  /** GET BALANCE. */
  CardResult<Long> balance();

  /**
   * GET TRANSACTION PROVE for the transaction with online sequence {@code sequence}; empty when the
   * card has none.
   */
  CardResult<Optional<TransactionProof>> transactionProve(int sequence);

  /** The card's transaction log, newest first. */
  CardResult<List<CardLogEntry>> readLog();

  /** Releases the card (disconnect without reset). Never throws. */
  @Override
  void close();
}
