package org.gaskiosk.hw.card;

import java.io.ByteArrayOutputStream;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.hw.card.pboc.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one APDU and returns the complete answer as a value. Handles T=0 chaining itself (card.md
 * trap 3): 61xx is followed by GET RESPONSE with CLA 00, never the command's CLA; 6Cxx resends the
 * command once with the Le the card asked for. Transport exceptions become {@link
 * CardResult.Removed} or {@link CardResult.Failed} (trap 4): an {@code IllegalStateException} from
 * the JDK means the card has been removed.
 *
 * <p>A card pulled in the middle of a command does not always say so. Through pcscd with
 * vsmartcard's vpcd the command comes back as an empty answer (the JDK's {@code ResponseAPDU}
 * throws {@code IllegalArgumentException}), then as SCARD_E_NOT_TRANSACTED, and only after pcscd's
 * next presence poll as SCARD_W_REMOVED_CARD. So after a failure that names no cause the {@link
 * RemovalProbe} asks the reader whether the card is gone: if it is, the result is {@link
 * CardResult.Removed}.
 */
final class ApduTransport {
  private static final Logger LOG = LoggerFactory.getLogger(ApduTransport.class);

  /** A card chaining more than this many GET RESPONSEs is answering nonsense. */
  private static final int MAX_GET_RESPONSES = 16;

  /** Whether the card left the reader; may wait a little for the reader to notice. */
  @FunctionalInterface
  interface RemovalProbe {
    RemovalProbe NEVER = () -> false;

    boolean cardLeft();
  }

  private final CardChannel channel;
  private final RemovalProbe removalProbe;
  private boolean lastFailureMute;

  ApduTransport(CardChannel channel) {
    this(channel, RemovalProbe.NEVER);
  }

  ApduTransport(CardChannel channel, RemovalProbe removalProbe) {
    this.channel = channel;
    this.removalProbe = removalProbe;
  }

  /**
   * @param during what the command is for, used in failure values ("CREDIT FOR LOAD")
   * @param command the raw command APDU
   */
  CardResult<Rapdu> exchange(String during, byte[] command) {
    return exchange(during, command, true);
  }

  /**
   * @param mayResend whether a 6Cxx answer may be followed by sending the command again. Never for
   *     a command that moves value: if the card did apply it after all, a second CREDIT FOR LOAD
   *     would be refused and the load misreported as not applied.
   */
  CardResult<Rapdu> exchange(String during, byte[] command, boolean mayResend) {
    lastFailureMute = false;
    CommandAPDU apdu = new CommandAPDU(command);
    CardResult<ResponseAPDU> first = send(during, apdu);
    if (!first.isOk()) {
      return first.castFailure();
    }
    ResponseAPDU response = first.value();
    if (response.getSW1() == 0x6C && mayResend) {
      CommandAPDU resend =
          new CommandAPDU(
              apdu.getCLA(),
              apdu.getINS(),
              apdu.getP1(),
              apdu.getP2(),
              apdu.getData(),
              response.getSW2() == 0 ? 256 : response.getSW2());
      CardResult<ResponseAPDU> again = send(during, resend);
      if (!again.isOk()) {
        return again.castFailure();
      }
      response = again.value();
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes(response.getData());
    int chained = 0;
    while (response.getSW1() == 0x61) {
      if (++chained > MAX_GET_RESPONSES) {
        return new CardResult.Failed<>(
            during + ": card kept answering 61xx after " + MAX_GET_RESPONSES + " GET RESPONSEs");
      }
      int le = response.getSW2() == 0 ? 256 : response.getSW2();
      CardResult<ResponseAPDU> next = send(during, new CommandAPDU(0x00, 0xC0, 0x00, 0x00, le));
      if (!next.isOk()) {
        return next.castFailure();
      }
      response = next.value();
      data.writeBytes(response.getData());
    }
    return CardResult.ok(new Rapdu(data.toByteArray(), response.getSW()));
  }

  /** Whether the last exchange failed because the card did not answer at all. */
  boolean lastFailureWasMute() {
    return lastFailureMute;
  }

  private CardResult<ResponseAPDU> send(String during, CommandAPDU apdu) {
    try {
      ResponseAPDU response = channel.transmit(apdu);
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "{}: {} -> {}", during, Hex.encode(apdu.getBytes()), Hex.encode(response.getBytes()));
      }
      return CardResult.ok(response);
    } catch (IllegalStateException e) {
      LOG.info("{}: card removed ({})", during, e.getMessage());
      return new CardResult.Removed<>(during);
    } catch (CardException e) {
      if (PcscFailures.isRemoval(e)) {
        LOG.info("{}: card removed ({})", during, PcscFailures.describe(e));
        return new CardResult.Removed<>(during);
      }
      lastFailureMute = PcscFailures.isMute(e);
      if (!lastFailureMute && !PcscFailures.isServiceLost(e) && removalProbe.cardLeft()) {
        LOG.info("{}: card removed ({})", during, PcscFailures.describe(e));
        return new CardResult.Removed<>(during);
      }
      LOG.warn("{}: transmit failed: {}", during, PcscFailures.describe(e));
      return new CardResult.Failed<>(during + ": transmit failed: " + PcscFailures.describe(e));
    } catch (IllegalArgumentException e) {
      // javax.smartcardio.ResponseAPDU refuses answers shorter than the two status bytes.
      if (removalProbe.cardLeft()) {
        LOG.info("{}: card removed (answer cut short: {})", during, e.getMessage());
        return new CardResult.Removed<>(during);
      }
      LOG.warn("{}: malformed answer: {}", during, e.getMessage());
      return new CardResult.Failed<>(during + ": malformed answer: " + e.getMessage());
    }
  }
}
