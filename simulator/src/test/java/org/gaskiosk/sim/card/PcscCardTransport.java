package org.gaskiosk.sim.card;

import java.time.Duration;
import java.util.Optional;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.gaskiosk.hw.card.PcscCardReader;
import org.gaskiosk.sim.card.pcsc.VirtualCardClient;

/**
 * The slot as a virtual card behind real pcscd + vpcd, read through SunPCSC: the second transport
 * of the card suites.
 */
final class PcscCardTransport implements CardTransport {
  private static final Duration SETTLE = Duration.ofSeconds(10);

  private final SimCardSlot slot;
  private final PcscStackExtension stack;
  final VirtualCardClient client;

  PcscCardTransport(SimCardSlot slot, PcscStackExtension stack) {
    this.slot = slot;
    this.stack = stack;
    this.client = new VirtualCardClient(slot, stack.vpcdAddress()).start();
  }

  @Override
  public TerminalFactory terminalFactory() {
    return stack.terminalFactory();
  }

  @Override
  public Optional<String> readerName() {
    return Optional.of(PcscStackExtension.READER);
  }

  @Override
  public Duration removalSettle() {
    return PcscCardReader.DEFAULT_REMOVAL_SETTLE;
  }

  /** The virtual card is where the slot says, and pcscd has published it. */
  @Override
  public void awaitSettled() {
    try {
      if (!client.awaitInSync(SETTLE)) {
        throw new AssertionError(
            "vpcd did not take the virtual card within " + SETTLE + "; pcscd: " + logTail());
      }
      awaitReader(slot.isCardPresent());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private void awaitReader(boolean present) {
    try {
      CardTerminal terminal = stack.terminal();
      boolean seen =
          present
              ? terminal.waitForCardPresent(SETTLE.toMillis())
              : terminal.waitForCardAbsent(SETTLE.toMillis());
      if (!seen) {
        throw new AssertionError(
            "pcscd did not see the card " + (present ? "inserted" : "removed") + ": " + logTail());
      }
    } catch (CardException e) {
      throw new AssertionError("pcscd: " + e + "; " + logTail(), e);
    }
  }

  private String logTail() {
    return stack.pcscd().logTail();
  }

  /**
   * Hangs up and waits until pcscd sees no card: the JDK caches one connection per reader, and a
   * card that never left would hand the next bench the connection of this one.
   */
  @Override
  public void close() {
    client.close();
    awaitReader(false);
  }
}
