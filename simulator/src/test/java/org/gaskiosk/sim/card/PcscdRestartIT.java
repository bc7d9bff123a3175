package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.CardException;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.PurseSession;
import org.gaskiosk.hw.card.PcscCardReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * card.md trap 1 for real: pcscd stops, crashes or restarts under the controller.
 *
 * <p>What happens (JDK 17.0.15, pcsc-lite 1.9.9): every call on SunPCSC's one context fails with
 * SCARD_E_NO_SERVICE, a new {@code TerminalFactory} in the same JVM shares that dead context, and a
 * new JVM works at once. This JVM runs with {@code --add-opens
 * java.smartcardio/sun.security.smartcardio=ALL-UNNAMED}, so {@link PcscCardReader} replaces the
 * context in place; without the flag it says to restart the controller.
 */
class PcscdRestartIT {
  @RegisterExtension static final PcscStackExtension STACK = PcscStackExtension.withVirtualReader();

  @TempDir Path folder;
  CardBench bench;

  @BeforeEach
  void startBench() throws Exception {
    // An earlier test may have left the JVM's context dead: a reader replaces it on first use.
    assertThat(reader().health()).isEqualTo("ok");
    bench = new CardBench(folder, STACK::attach);
  }

  @AfterEach
  void closeBench() {
    bench.close();
  }

  private static PcscCardReader reader() {
    return new PcscCardReader(
        STACK.terminalFactory(), Optional.of(PcscStackExtension.READER), CardBench.CLOCK);
  }

  @Test
  void a_restart_under_an_open_session_is_reported_and_the_card_opens_again_in_the_same_jvm()
      throws Exception {
    PurseSession session = bench.openPurse(CardSuiteBase.MONEY);
    assertThat(session.balance().value()).isEqualTo(1200);

    STACK.pcscd().restart(false);

    CardResult<Long> lost = session.balance();
    assertThat(lost).isInstanceOf(CardResult.Failed.class);
    assertThat(lost.describe()).contains("SCARD_E_NO_SERVICE");
    assertThatThrownBy(() -> PcscStackExtension.systemTerminalFactory().terminals().list())
        .as("SunPCSC does not recover by itself: a new factory shares the dead context")
        .isInstanceOf(CardException.class)
        .hasStackTraceContaining("SCARD_E_NO_SERVICE");

    assertThat(bench.reader.health()).isEqualTo("ok");
    assertThat(bench.reader.contextRecoveries()).isEqualTo(1);
    bench.transport.awaitSettled();
    assertThat(bench.reader.open())
        .isInstanceOfSatisfying(
            CardOpening.Opened.class,
            o -> assertThat(o.session().snapshot().balance()).isEqualTo(1200));
  }

  @Test
  void while_pcscd_is_down_health_says_so_and_opening_fails_cleanly_until_it_is_back()
      throws Exception {
    bench.insert(CardSuiteBase.MONEY);

    STACK.pcscd().stop();

    assertThat(bench.reader.health())
        .startsWith("pc/sc service lost, waiting for pcscd to answer again")
        .contains("SCARD_E_NO_SERVICE");
    assertThat(bench.reader.isCardPresent()).isFalse();
    assertThat(bench.reader.open()).isInstanceOf(CardOpening.Failed.class);

    STACK.pcscd().start();

    assertThat(bench.reader.health()).isEqualTo("ok");
    bench.transport.awaitSettled();
    assertThat(bench.reader.open()).isInstanceOf(CardOpening.Opened.class);
  }

  @Test
  void a_crashed_pcscd_restarted_by_its_supervisor_is_recovered_the_same_way() throws Exception {
    bench.insert(CardSuiteBase.MONEY);

    STACK.pcscd().restart(true);

    assertThat(bench.reader.health()).isEqualTo("ok");
    bench.transport.awaitSettled();
    assertThat(bench.reader.open()).isInstanceOf(CardOpening.Opened.class);
  }

  @Test
  void a_fresh_jvm_reads_the_card_after_a_restart_without_any_help() throws Exception {
    bench.insert(CardSuiteBase.MONEY);
    STACK.pcscd().restart(false);

    // The JVM of a restarted controller: no --add-opens, nothing to recover from.
    Process child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dsun.security.smartcardio.t0GetResponse=false",
                    "-cp",
                    System.getProperty("java.class.path"),
                    PcscProbeMain.class.getName()))
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(output).contains("health=ok opening=Opened balance=1200");
    assertThat(bench.reader.health()).as("and this JVM recovers in place").isEqualTo("ok");
  }
}
