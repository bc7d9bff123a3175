package org.gaskiosk.hw.card;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import javax.smartcardio.Card;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardOpening.RefusalReason;
import org.gaskiosk.core.port.CardResult;

/**
 * Identifies a connected processor card in four commands: SELECT the purse application, READ BINARY
 * of the identity file, READ RECORD of the meter write-back record, GET BALANCE. Every answer that
 * does not fit becomes a {@link CardOpening} value.
 */
final class PurseOpener {
  private final ApduTransport transport;
  private final Clock clock;

  PurseOpener(ApduTransport transport, Clock clock) {
    this.transport = transport;
    this.clock = clock;
  }

  /** Runs the four commands; on {@link CardOpening.Opened} the session owns {@code card}. */
  CardOpening open(Card card) {
    CardResult<Rapdu> select =
        transport.exchange("SELECT", PurseCommands.selectByAid(PurseProfile.AID));
    if (!select.isOk()) {
      if (transport.lastFailureWasMute()) {
        return new CardOpening.Refused(
            RefusalReason.MUTE, "the card does not answer:" + PcscCardReader.MUTE_HINT);
      }
      return notOpened(select);
    }
    CardOpening refusal = checkSelect(select.value());
    if (refusal != null) {
      return refusal;
    }
    Step<CardIdentity> identity =
        step(
            "READ BINARY (identity)",
            PurseCommands.readBinary(PurseProfile.SFI_IDENTITY, 0, PurseProfile.IDENTITY_LENGTH),
            PurseAnswers::identity);
    if (identity.failure != null) {
      return identity.failure;
    }
    refusal = checkIdentity(identity.value);
    if (refusal != null) {
      return refusal;
    }
    Step<MeterRecord> meter = readMeter();
    if (meter.failure != null) {
      return meter.failure;
    }
    Step<Long> balance = step("GET BALANCE", PurseCommands.getBalance(), PurseAnswers::balance);
    if (balance.failure != null) {
      return balance.failure;
    }
    CardIdentity id = identity.value;
    CardSnapshot snapshot =
        new CardSnapshot(
            id.cardNo(), id.type().family(), id.type().unit(), balance.value, meter.value);
    return new CardOpening.Opened(new PcscPurseSession(card, transport, snapshot));
  }

  private CardOpening checkSelect(Rapdu answer) {
    int sw = answer.sw();
    if (StatusWords.meansLocked(sw)) {
      return locked(sw);
    }
    if (sw == StatusWords.FILE_NOT_FOUND
        || sw == StatusWords.WRONG_P1P2
        || sw == StatusWords.INS_NOT_SUPPORTED
        || sw == StatusWords.CLA_NOT_SUPPORTED) {
      return new CardOpening.Refused(
          RefusalReason.UNKNOWN_CARD,
          "no gas purse application on this card (SW " + StatusWords.hex(sw) + ")");
    }
    if (sw != StatusWords.OK) {
      return unexpected("SELECT", sw);
    }
    try {
      Optional<byte[]> dfName = PurseAnswers.dfName(answer.data());
      if (dfName.isPresent() && !Arrays.equals(dfName.get(), PurseProfile.AID)) {
        return new CardOpening.Refused(
            RefusalReason.UNKNOWN_CARD, "the card selected another application");
      }
      return null;
    } catch (MalformedAnswerException e) {
      return new CardOpening.Failed(e.getMessage());
    }
  }

  private CardOpening checkIdentity(CardIdentity id) {
    if (id.type().isTool()) {
      return new CardOpening.Refused(
          RefusalReason.TOOL_CARD,
          id.type().label() + " " + id.cardNo() + " is a staff tool card and cannot be loaded");
    }
    if (id.locked()) {
      return new CardOpening.Refused(RefusalReason.LOCKED, "the card's application is locked");
    }
    LocalDate today = LocalDate.now(clock);
    if (today.isAfter(id.expiry())) {
      return new CardOpening.Refused(RefusalReason.EXPIRED, "the card expired on " + id.expiry());
    }
    return null;
  }

  private Step<MeterRecord> readMeter() {
    String during = "READ RECORD (meter)";
    CardResult<Rapdu> answer =
        transport.exchange(
            during,
            PurseCommands.readRecord(PurseProfile.SFI_METER, 1, PurseProfile.METER_RECORD_LENGTH));
    if (answer.isOk() && answer.value().sw() == StatusWords.RECORD_NOT_FOUND) {
      // A card that has never been in a meter has no write-back record yet.
      return new Step<>(MeterRecord.NONE, null);
    }
    return interpret(during, answer, PurseAnswers::meter);
  }

  private <T> Step<T> step(String during, byte[] command, PcscPurseSession.Parser<T> parser) {
    return interpret(during, transport.exchange(during, command), parser);
  }

  private static <T> Step<T> interpret(
      String during, CardResult<Rapdu> answer, PcscPurseSession.Parser<T> parser) {
    if (!answer.isOk()) {
      return new Step<>(null, notOpened(answer));
    }
    int sw = answer.value().sw();
    if (StatusWords.meansLocked(sw)) {
      return new Step<>(null, locked(sw));
    }
    if (sw != StatusWords.OK) {
      return new Step<>(null, unexpected(during, sw));
    }
    try {
      return new Step<>(parser.parse(answer.value().data()), null);
    } catch (MalformedAnswerException e) {
      return new Step<>(null, new CardOpening.Failed(e.getMessage()));
    }
  }

  private static CardOpening notOpened(CardResult<?> result) {
    if (result instanceof CardResult.Removed<?> removed) {
      return new CardOpening.Removed(removed.during());
    }
    return new CardOpening.Failed(result.describe());
  }

  private static CardOpening locked(int sw) {
    return new CardOpening.Refused(
        RefusalReason.LOCKED,
        "the card's application is locked (SW "
            + StatusWords.hex(sw)
            + ": "
            + StatusWords.meaning(sw)
            + ")");
  }

  private static CardOpening unexpected(String during, int sw) {
    return new CardOpening.Failed(
        during + " answered SW " + StatusWords.hex(sw) + " (" + StatusWords.meaning(sw) + ")");
  }

  /** One command's parsed value or the opening outcome that ends the identification. */
  private record Step<T>(T value, CardOpening failure) {}
}
