package org.gaskiosk.sim.card;

import java.util.Optional;
import javax.smartcardio.TerminalFactory;

/**
 * How the production {@code PcscCardReader} reaches a {@link SimCardSlot} in the contract suites:
 * in process through {@link SimTerminalProvider}, or (a later issue) through real pcscd + vpcd.
 */
interface CardTransport extends AutoCloseable {

  TerminalFactory terminalFactory();

  /** The reader-name filter the reader is configured with. */
  Optional<String> readerName();

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
