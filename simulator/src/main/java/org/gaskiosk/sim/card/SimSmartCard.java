package org.gaskiosk.sim.card;

import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;

/**
 * A connection to the simulated card of one insertion, behaving like SunPCSC's CardImpl: after the
 * card was seen removed every call throws {@code IllegalStateException("Card has been removed")};
 * exclusive access belongs to one thread.
 */
final class SimSmartCard extends Card {
  private enum State {
    CONNECTED,
    DISCONNECTED,
    REMOVED
  }

  private final SimCardSlot slot;
  private final SimCardSlot.Contact contact;
  private final SimCardChannel channel;
  private State state = State.CONNECTED;
  private Thread exclusiveOwner;

  SimSmartCard(SimCardSlot slot, SimCardSlot.Contact contact) {
    this.slot = slot;
    this.contact = contact;
    this.channel = new SimCardChannel(this, slot, contact.insertion());
  }

  synchronized boolean isValidFor(long insertion) {
    return state == State.CONNECTED && contact.insertion() == insertion;
  }

  @Override
  public ATR getATR() {
    return new ATR(contact.atr());
  }

  /** The simulated ATRs offer T=0 only (no TD1), which is what pcscd negotiates for them too. */
  @Override
  public String getProtocol() {
    return "T=0";
  }

  @Override
  public CardChannel getBasicChannel() {
    checkState();
    return channel;
  }

  @Override
  public CardChannel openLogicalChannel() throws CardException {
    checkState();
    throw new CardException(
        "openLogicalChannel() failed", new SimPcscException("SCARD_E_UNSUPPORTED_FEATURE"));
  }

  @Override
  public synchronized void beginExclusive() throws CardException {
    checkState();
    if (exclusiveOwner != null) {
      throw new CardException(
          "Exclusive access has already been assigned to Thread " + exclusiveOwner.getName(),
          new SimPcscException("SCARD_E_SHARING_VIOLATION"));
    }
    exclusiveOwner = Thread.currentThread();
  }

  @Override
  public synchronized void endExclusive() {
    checkState();
    if (exclusiveOwner != Thread.currentThread()) {
      throw new IllegalStateException("Exclusive access not assigned to current Thread");
    }
    exclusiveOwner = null;
  }

  @Override
  public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
    checkState();
    throw new CardException(
        "transmitControlCommand() failed", new SimPcscException("SCARD_E_UNSUPPORTED_FEATURE"));
  }

  @Override
  public synchronized void disconnect(boolean reset) {
    if (state != State.CONNECTED) {
      return;
    }
    state = State.DISCONNECTED;
    exclusiveOwner = null;
    if (reset) {
      slot.reset(contact.insertion());
    }
  }

  /** Throws as SunPCSC does once the card is gone or the connection was closed. */
  synchronized void checkState() {
    if (state == State.REMOVED) {
      throw new IllegalStateException("Card has been removed");
    }
    if (state == State.DISCONNECTED) {
      throw new IllegalStateException("Card has been disconnected");
    }
  }

  /** Another thread holds the card exclusively: PC/SC refuses the transmit. */
  synchronized void checkExclusive() throws CardException {
    if (exclusiveOwner != null && exclusiveOwner != Thread.currentThread()) {
      throw new CardException(
          "transmit() failed", new SimPcscException("SCARD_E_SHARING_VIOLATION"));
    }
  }

  synchronized void markRemoved() {
    state = State.REMOVED;
    exclusiveOwner = null;
  }

  @Override
  public String toString() {
    return "SimSmartCard[insertion " + contact.insertion() + ", " + state + "]";
  }
}
