package org.gaskiosk.core.port;

import java.time.Duration;

/**
 * One card slot. Every method is called from a single owner thread (the engine's):
 * javax.smartcardio hands out a cached connection per reader, so two threads talking to one card
 * would interleave APDUs.
 */
public interface CardReader {

  /**
   * Whether a card sits in the slot now. A reader that is missing counts as "no card", reported by
   * {@link #health}.
   */
  boolean isCardPresent();

  /**
   * Waits until a card is present ({@code present == true}) or absent, or until {@code timeout}
   * passes.
   *
   * @return whether the awaited condition holds on return
   */
  boolean awaitPresence(boolean present, Duration timeout) throws InterruptedException;

  /**
   * Connects to the card in the slot and identifies it: selects the application, reads identity,
   * the meter write-back record and the balance. Refusals (unknown card, tool card, locked
   * application) come back as values.
   */
  CardOpening open();

  /** A one-line health description ("ok", "no reader", ...), for telemetry and faults. */
  String health();
}
