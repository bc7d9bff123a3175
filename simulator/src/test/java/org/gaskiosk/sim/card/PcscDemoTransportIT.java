package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.hw.card.PcscCardReader;
import org.gaskiosk.sim.card.pcsc.PcscDemoTransport;
import org.gaskiosk.sim.card.pcsc.PcscUnavailableException;
import org.gaskiosk.sim.card.pcsc.Pcscd;
import org.gaskiosk.sim.card.pcsc.VpcdConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's {@code --card-transport pcsc} launcher, in a JVM without any pcscd running for it: it
 * starts one, serves the slot to it, and stops it again. Its own reader configuration keeps it off
 * the machine's port 35963.
 */
class PcscDemoTransportIT {
  @TempDir Path folder;

  @Test
  void the_launcher_starts_pcscd_and_the_production_reader_reads_the_simulated_card_through_it()
      throws Exception {
    Path socket = Path.of(System.getenv(Pcscd.SOCKET_ENV));
    Path conf = Files.writeString(folder.resolve("vpcd"), VpcdConfig.text(VpcdConfig.freePort()));
    SimCardSlot slot =
        SimCardSlot.open(folder.resolve("cards"), IssuerKeys.generate(new Random(3)));
    slot.insert(CardSuiteBase.MONEY);

    PcscDemoTransport pcsc = PcscDemoTransport.start(slot, socket, conf);
    try {
      assertThat(pcsc.startedPcscd()).isTrue();
      PcscCardReader reader =
          new PcscCardReader(pcsc.terminalFactory(), pcsc.readerName(), CardBench.CLOCK);
      assertThat(reader.awaitPresence(true, Duration.ofSeconds(10))).isTrue();
      assertThat(reader.open())
          .isInstanceOfSatisfying(
              CardOpening.Opened.class,
              o -> assertThat(o.session().snapshot().balance()).isEqualTo(1200));

      try (PcscDemoTransport second = PcscDemoTransport.start(slot, socket, conf)) {
        assertThat(second.startedPcscd()).as("a running pcscd is reused").isFalse();
      }
      assertThat(Pcscd.answers(socket)).as("and left running").isTrue();
    } finally {
      pcsc.close();
    }
    assertThat(Pcscd.answers(socket)).as("the pcscd started here stops with it").isFalse();
  }

  @Test
  void without_vsmartcard_installed_the_launcher_names_the_package_to_install() throws Exception {
    SimCardSlot slot = SimCardSlot.open(folder, IssuerKeys.generate(new Random(3)));
    Path socket = folder.resolve("run/pcscd/pcscd.comm");

    assertThatThrownBy(() -> PcscDemoTransport.start(slot, socket, folder.resolve("no-vpcd")))
        .isInstanceOf(PcscUnavailableException.class)
        .hasMessageContaining("install the Debian package vsmartcard-vpcd");
  }
}
