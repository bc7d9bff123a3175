package org.gaskiosk.sim.card;

import java.time.Duration;
import java.util.Optional;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.hw.card.PcscCardReader;

/**
 * Run in a fresh JVM by {@link PcscdRestartIT}: reads the card in vpcd's reader through SunPCSC and
 * prints one line, {@code health=<health> opening=<kind> balance=<balance>}.
 */
public final class PcscProbeMain {
  private PcscProbeMain() {}

  public static void main(String[] args) throws Exception {
    PcscCardReader reader =
        new PcscCardReader(
            PcscStackExtension.systemTerminalFactory(),
            Optional.of(PcscStackExtension.READER),
            CardBench.CLOCK);
    reader.awaitPresence(true, Duration.ofSeconds(10));
    CardOpening opening = reader.open();
    String balance =
        opening instanceof CardOpening.Opened opened
            ? Long.toString(opened.session().snapshot().balance())
            : "-";
    String line =
        "health="
            + reader.health()
            + " opening="
            + opening.getClass().getSimpleName()
            + " balance="
            + balance;
    System.out.println(line);
  }
}
