package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import javax.smartcardio.CardException;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.hw.card.PcscCardReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * card.md trap 2 on the real stack: pcscd with no reader at all. (vpcd's reader cannot be unplugged
 * while pcscd runs, so this pcscd starts without one.)
 */
class PcscNoReaderIT {
  @RegisterExtension static final PcscStackExtension STACK = PcscStackExtension.withoutReaders();

  private final PcscCardReader reader =
      new PcscCardReader(
          STACK.terminalFactory(), Optional.of(PcscStackExtension.READER), CardBench.CLOCK);

  @Test
  void sunpcsc_reports_no_reader_as_an_exception_from_list() {
    assertThatThrownBy(() -> STACK.terminalFactory().terminals().list())
        .isInstanceOf(CardException.class)
        .hasStackTraceContaining("SCARD_E_NO_READERS_AVAILABLE");
  }

  @Test
  void with_no_reader_the_reader_reports_no_reader_no_card_and_a_clean_failure_to_open()
      throws Exception {
    assertThat(reader.health()).isEqualTo("no reader");
    assertThat(reader.isCardPresent()).isFalse();
    assertThat(reader.open())
        .isInstanceOfSatisfying(
            CardOpening.Failed.class, f -> assertThat(f.message()).contains("no reader"));
    assertThat(reader.awaitPresence(true, Duration.ofMillis(300))).isFalse();
    assertThat(reader.awaitPresence(false, Duration.ZERO)).isTrue();
  }
}
