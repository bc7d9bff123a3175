package org.gaskiosk.hw.card;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.smartcardio.Card;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.port.CardLogEntry;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.PurseSession;
import org.gaskiosk.core.port.TransactionProof;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open purse card over javax.smartcardio. The card is held exclusively from {@link
 * PcscCardReader#open()} until {@link #close()}; all calls come from the reader's owner thread.
 */
final class PcscPurseSession implements PurseSession {
  private static final Logger LOG = LoggerFactory.getLogger(PcscPurseSession.class);

  /** Upper bound on READ RECORD calls: a cyclic log never holds this many records. */
  static final int MAX_LOG_RECORDS = 32;

  private final Card card;
  private final ApduTransport transport;
  private final CardSnapshot snapshot;
  private boolean closed;

  PcscPurseSession(Card card, ApduTransport transport, CardSnapshot snapshot) {
    this.card = card;
    this.transport = transport;
    this.snapshot = snapshot;
  }

  @Override
  public CardSnapshot snapshot() {
    return snapshot;
  }

  @Override
  public CardResult<LoadInit> initializeForLoad(long amount, String terminalId) {
    if (amount <= 0 || amount > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("load amount out of range: " + amount);
    }
    byte[] command =
        PurseCommands.initializeForLoad(PurseProfile.LOAD_KEY_INDEX, amount, terminalId);
    return run(PurseCommands.INS_INITIALIZE_FOR_LOAD, command, PurseAnswers::loadInit);
  }

  @Override
  public CardResult<byte[]> creditForLoad(LocalDateTime hostTime, byte[] mac2) {
    byte[] command = PurseCommands.creditForLoad(hostTime, mac2);
    String during = PurseCommands.name(PurseCommands.INS_CREDIT_FOR_LOAD);
    CardResult<Rapdu> answer = exchange(during, command, false);
    if (!answer.isOk()) {
      return answer.castFailure();
    }
    if (answer.value().sw() >> 8 == 0x6C) {
      // The command carried the right Le; a card asking for another one answers nonsense, and
      // CREDIT is never sent twice, so whether it applied is unknown.
      return new CardResult.Failed<>(
          during + ": answered " + StatusWords.hex(answer.value().sw()) + " to Le 04, not resent");
    }
    return interpret(during, answer.value(), PurseAnswers::tac);
  }

  @Override
  public CardResult<Long> balance() {
    return run(PurseCommands.INS_GET_BALANCE, PurseCommands.getBalance(), PurseAnswers::balance);
  }

  @Override
  public CardResult<Optional<TransactionProof>> transactionProve(int sequence) {
    byte[] command = PurseCommands.getTransactionProve(sequence);
    String during = PurseCommands.name(PurseCommands.INS_GET_TRANSACTION_PROVE);
    CardResult<Rapdu> answer = exchange(during, command);
    if (!answer.isOk()) {
      return answer.castFailure();
    }
    if (answer.value().sw() == StatusWords.NO_TRANSACTION_PROOF) {
      return CardResult.ok(Optional.empty());
    }
    return interpret(during, answer.value(), d -> Optional.of(PurseAnswers.proof(d)));
  }

  @Override
  public CardResult<List<CardLogEntry>> readLog() {
    String during = "READ RECORD (transaction log)";
    List<CardLogEntry> entries = new ArrayList<>();
    for (int record = 1; record <= MAX_LOG_RECORDS; record++) {
      byte[] command =
          PurseCommands.readRecord(PurseProfile.SFI_LOG, record, PurseProfile.LOG_RECORD_LENGTH);
      CardResult<Rapdu> answer = exchange(during, command);
      if (!answer.isOk()) {
        return answer.castFailure();
      }
      if (answer.value().sw() == StatusWords.RECORD_NOT_FOUND) {
        break;
      }
      CardResult<Optional<CardLogEntry>> entry =
          interpret(during, answer.value(), PurseAnswers::logEntry);
      if (!entry.isOk()) {
        return entry.castFailure();
      }
      if (entry.value().isEmpty()) {
        break;
      }
      entries.add(entry.value().get());
    }
    return CardResult.ok(List.copyOf(entries));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    PcscCardReader.release(card, true);
  }

  private <T> CardResult<T> run(int ins, byte[] command, Parser<T> parser) {
    String during = PurseCommands.name(ins);
    CardResult<Rapdu> answer = exchange(during, command);
    if (!answer.isOk()) {
      return answer.castFailure();
    }
    return interpret(during, answer.value(), parser);
  }

  private CardResult<Rapdu> exchange(String during, byte[] command) {
    return exchange(during, command, true);
  }

  private CardResult<Rapdu> exchange(String during, byte[] command, boolean mayResend) {
    if (closed) {
      throw new IllegalStateException("purse session of card " + snapshot.cardNo() + " is closed");
    }
    return transport.exchange(during, command, mayResend);
  }

  /**
   * 9000 and data that parse are Ok. ISO 7816-4 checking errors (SW1 67-6F) and the PBOC purse
   * refusals (93xx, 94xx) leave the card unchanged: Refused. Anything else (warnings 62xx/63xx,
   * execution errors 64xx-66xx that may have written, unknown status words) is Failed, which the
   * engine treats as "unknown whether applied".
   */
  static <T> CardResult<T> interpret(String during, Rapdu answer, Parser<T> parser) {
    int sw = answer.sw();
    if (sw == StatusWords.OK) {
      try {
        return CardResult.ok(parser.parse(answer.data()));
      } catch (MalformedAnswerException e) {
        LOG.warn("malformed answer: {}", e.getMessage());
        return new CardResult.Failed<>(e.getMessage());
      }
    }
    if (isCheckingError(sw)) {
      return new CardResult.Refused<>(sw, StatusWords.meaning(sw));
    }
    return new CardResult.Failed<>(
        during
            + ": unexpected status word "
            + StatusWords.hex(sw)
            + " ("
            + StatusWords.meaning(sw)
            + ")");
  }

  static boolean isCheckingError(int sw) {
    int sw1 = sw >> 8;
    return (sw1 >= 0x67 && sw1 <= 0x6F) || sw1 == 0x93 || sw1 == 0x94;
  }

  /** Parses response data; throws on anything that does not fit. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(byte[] data) throws MalformedAnswerException;
  }
}
