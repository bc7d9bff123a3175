package org.gaskiosk.sim.card;

import java.time.Duration;
import java.util.List;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;

/**
 * The reader list: the one simulated reader, or none while it is unplugged, in which case {@link
 * #list} throws the way pcsc-lite does (SCARD_E_NO_READERS_AVAILABLE).
 */
final class SimCardTerminals extends CardTerminals {
  private final SimCardSlot slot;
  private final SimCardTerminal terminal;
  private long seenChanges;
  private boolean seenPresent;

  SimCardTerminals(SimCardSlot slot) {
    this.slot = slot;
    this.terminal = new SimCardTerminal(slot);
    this.seenChanges = slot.changes();
    this.seenPresent = slot.isCardPresent();
  }

  @Override
  public synchronized List<CardTerminal> list(State state) throws CardException {
    if (!slot.isReaderAttached()) {
      throw new CardException(
          "list() failed", new SimPcscException("SCARD_E_NO_READERS_AVAILABLE"));
    }
    boolean present = slot.isCardPresent();
    boolean matches =
        switch (state) {
          case ALL -> true;
          case CARD_PRESENT -> present;
          case CARD_ABSENT -> !present;
          case CARD_INSERTION -> present && !seenPresent;
          case CARD_REMOVAL -> !present && seenPresent;
        };
    return matches ? List.of(terminal) : List.of();
  }

  @Override
  public boolean waitForChange(long timeout) throws CardException {
    if (timeout < 0) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    long seen;
    synchronized (this) {
      seen = seenChanges;
    }
    try {
      boolean changed =
          slot.awaitChange(seen, timeout == 0 ? Duration.ofDays(3650) : Duration.ofMillis(timeout));
      synchronized (this) {
        seenChanges = slot.changes();
        seenPresent = slot.isCardPresent();
      }
      return changed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CardException("waitForChange() interrupted", e);
    }
  }
}
