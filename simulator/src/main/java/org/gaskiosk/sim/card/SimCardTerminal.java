package org.gaskiosk.sim.card;

import java.time.Duration;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;

/**
 * The simulated reader. Like SunPCSC, {@link #connect} hands out one cached {@link Card} per
 * insertion until it is disconnected; presence waits block on the slot's condition.
 */
final class SimCardTerminal extends CardTerminal {
  private final SimCardSlot slot;
  private SimSmartCard card;

  SimCardTerminal(SimCardSlot slot) {
    this.slot = slot;
  }

  @Override
  public String getName() {
    return SimTerminalProvider.READER_NAME;
  }

  @Override
  public synchronized Card connect(String protocol) throws CardException {
    if (!protocol.equals("*") && !protocol.equals("T=0") && !protocol.equals("T=1")) {
      throw new IllegalArgumentException("unsupported protocol " + protocol);
    }
    if (!slot.isReaderAttached()) {
      throw new CardException(
          "connect() failed", new SimPcscException("SCARD_E_READER_UNAVAILABLE"));
    }
    SimCardSlot.Contact contact =
        slot.powerOn()
            .orElseThrow(
                () ->
                    new CardException(
                        "connect() failed", new SimPcscException("SCARD_E_NO_SMARTCARD")));
    if (contact.atr().length == 0) {
      throw new CardException(
          "connect() failed", new SimPcscException("SCARD_W_UNRESPONSIVE_CARD"));
    }
    if (card != null && card.isValidFor(contact.insertion())) {
      return card;
    }
    card = new SimSmartCard(slot, contact);
    return card;
  }

  @Override
  public boolean isCardPresent() throws CardException {
    requireReader();
    return slot.isCardPresent();
  }

  @Override
  public boolean waitForCardPresent(long timeout) throws CardException {
    return await(true, timeout);
  }

  @Override
  public boolean waitForCardAbsent(long timeout) throws CardException {
    return await(false, timeout);
  }

  private boolean await(boolean present, long timeout) throws CardException {
    if (timeout < 0) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    requireReader();
    try {
      // javax.smartcardio: a timeout of 0 waits for ever.
      Duration wait = timeout == 0 ? Duration.ofDays(3650) : Duration.ofMillis(timeout);
      return slot.awaitPresence(present, wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CardException("wait interrupted", e);
    }
  }

  private void requireReader() throws CardException {
    if (!slot.isReaderAttached()) {
      throw new CardException(
          "reader unavailable", new SimPcscException("SCARD_E_READER_UNAVAILABLE"));
    }
  }

  @Override
  public String toString() {
    return "SimCardTerminal: " + getName();
  }
}
