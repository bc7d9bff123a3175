package org.gaskiosk.sim.card;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The basic channel to the simulated card. Sends APDUs as SunPCSC does under T=0: no automatic GET
 * RESPONSE, and a case-4 command loses its Le. A card pulled during the command surfaces as SunPCSC
 * surfaces it: {@code CardException} caused by SCARD_W_REMOVED_CARD, then {@code
 * IllegalStateException("Card has been removed")} on later calls. An answer shorter than a status
 * word makes {@code ResponseAPDU} throw {@code IllegalArgumentException}, as it does on the real
 * stack.
 */
final class SimCardChannel extends CardChannel {
  private final SimSmartCard card;
  private final SimCardSlot slot;
  private final long insertion;

  SimCardChannel(SimSmartCard card, SimCardSlot slot, long insertion) {
    this.card = card;
    this.slot = slot;
    this.insertion = insertion;
  }

  @Override
  public Card getCard() {
    return card;
  }

  @Override
  public int getChannelNumber() {
    card.checkState();
    return 0;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws CardException {
    return new ResponseAPDU(transmitRaw(command.getBytes()));
  }

  @Override
  public int transmit(ByteBuffer command, ByteBuffer response) throws CardException {
    byte[] apdu = new byte[command.remaining()];
    command.get(apdu);
    byte[] answer = transmitRaw(apdu);
    if (response.remaining() < answer.length) {
      throw new IllegalArgumentException("response buffer too small for " + answer.length);
    }
    response.put(answer);
    return answer.length;
  }

  private byte[] transmitRaw(byte[] apdu) throws CardException {
    card.checkState();
    apdu = dropCaseFourLe(apdu);
    card.checkExclusive();
    SimCardSlot.Outcome outcome;
    try {
      outcome = slot.transmit(insertion, apdu);
    } catch (UncheckedIOException e) {
      throw new CardException(
          "transmit() failed: the simulated card could not write its EEPROM",
          new SimPcscException("SCARD_F_COMM_ERROR"));
    }
    if (outcome instanceof SimCardSlot.Outcome.Answer answer) {
      return answer.response();
    }
    card.markRemoved();
    throw new CardException("transmit() failed", new SimPcscException("SCARD_W_REMOVED_CARD"));
  }

  /**
   * SunPCSC under T=0 (what the simulated ATRs offer) drops the Le of a short case-4 command before
   * sending it, since a T=0 TPDU cannot carry both Lc and Le; the simulated card sees what a card
   * behind pcscd sees.
   */
  static byte[] dropCaseFourLe(byte[] apdu) {
    int n = apdu.length;
    if (n >= 7) {
      int lc = apdu[4] & 0xFF;
      if (lc != 0 && n == lc + 6) {
        return Arrays.copyOf(apdu, n - 1);
      }
    }
    return apdu;
  }

  @Override
  public void close() throws CardException {
    throw new IllegalStateException("Cannot close basic channel");
  }
}
