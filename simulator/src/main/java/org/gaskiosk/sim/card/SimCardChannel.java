package org.gaskiosk.sim.card;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The basic channel to the simulated card. Sends APDUs unchanged (no automatic GET RESPONSE). A
 * card pulled during the command surfaces as SunPCSC surfaces it: {@code CardException} caused by
 * SCARD_W_REMOVED_CARD, then {@code IllegalStateException("Card has been removed")} on later calls.
 * An answer shorter than a status word makes {@code ResponseAPDU} throw {@code
 * IllegalArgumentException}, as it does on the real stack.
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

  @Override
  public void close() throws CardException {
    throw new IllegalStateException("Cannot close basic channel");
  }
}
