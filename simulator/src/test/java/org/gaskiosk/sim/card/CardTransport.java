package org.gaskiosk.sim.card;

import java.time.Duration;
import java.util.Optional;
import javax.smartcardio.TerminalFactory;

/**
 * How the production {@code PcscCardReader} reaches a {@link SimCardSlot} in the contract suites:
 * in process through {@link SimTerminalProvider}, or through real pcscd + vpcd + SunPCSC ({@link
 * PcscCardTransport}).
 */
interface CardTransport extends AutoCloseable {

  TerminalFactory terminalFactory();

  /** The reader-name filter the reader is configured with. */
  Optional<String> readerName();

  /**
   * How long the reader waits, after a command failed without naming a cause, for the card to be
   * seen gone ({@code PcscCardReader}'s removal settle). The in-process slot reports at once.
   */
  default Duration removalSettle() {
    return Duration.ZERO;
  }

  /**
   * Returns when the reader sees the slot as it is now. In process that is at once; pcscd polls a
   * vpcd reader every 400 ms, so an insertion there takes up to a second to show.
   */
  default void awaitSettled() {}

  @Override
  void close();

  /** Attaches a transport to a slot. */
  @FunctionalInterface
  interface Factory {
    CardTransport attach(SimCardSlot slot) throws Exception;
  }

  /** The in-process javax.smartcardio provider. */
  static CardTransport inProcess(SimCardSlot slot) {
    TerminalFactory factory = SimTerminalProvider.terminalFactory(slot);
    return new CardTransport() {
      @Override
      public TerminalFactory terminalFactory() {
        return factory;
      }

      @Override
      public Optional<String> readerName() {
        return Optional.of("Simulated Reader");
      }

      @Override
      public void close() {}
    };
  }
}
