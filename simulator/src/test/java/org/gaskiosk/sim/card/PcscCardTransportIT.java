package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.PurseSession;
import org.gaskiosk.hw.card.pboc.Hex;
import org.gaskiosk.sim.card.SimCardSlot.When;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The card contract, tearing and fuzz suites over the real PC/SC stack: the simulated slot as a
 * virtual card behind pcscd and vsmartcard's vpcd, read by the production reader through SunPCSC.
 * Then the javax.smartcardio traps of card.md that only the real stack can show.
 */
class PcscCardTransportIT {
  @RegisterExtension static final PcscStackExtension STACK = PcscStackExtension.withVirtualReader();

  @Nested
  class Contract extends CardContractSuite {
    @Override
    protected CardTransport.Factory transport() {
      return STACK::attach;
    }
  }

  @Nested
  class Tearing extends CardTearingSuite {
    @Override
    protected CardTransport.Factory transport() {
      return STACK::attach;
    }
  }

  @Nested
  class Memory extends MemoryCardSuite {
    @Override
    protected CardTransport.Factory transport() {
      return STACK::attach;
    }
  }

  @Nested
  class Fuzz extends CardFuzzSuite {
    @Override
    protected CardTransport.Factory transport() {
      return STACK::attach;
    }

    /**
     * The in-process suite runs 60 rounds of the same seeded garbage; here each round costs up to a
     * second of pcscd's presence polling, and what this transport adds to prove is only that the
     * garbage crosses pcscd and vpcd intact and still ends as a value.
     */
    @Override
    protected int rounds() {
      return 8;
    }
  }

  /** card.md "javax.smartcardio on Linux: traps", as SunPCSC shows them over pcscd 1.9.9. */
  @Nested
  class Traps extends CardSuiteBase {
    private final CommandAPDU select =
        new CommandAPDU(Hex.decode("00A4040009F0474153505552534500"));
    private final CommandAPDU getBalance = new CommandAPDU(Hex.decode("805C000204"));

    @Override
    protected CardTransport.Factory transport() {
      return STACK::attach;
    }

    @Test
    void a_pulled_card_fails_once_as_removed_then_every_call_throws_illegal_state_exception()
        throws Exception {
      bench.insert(MONEY);
      CardChannel channel = STACK.terminal().connect("*").getBasicChannel();
      channel.transmit(select);

      bench.remove();

      assertThatThrownBy(() -> channel.transmit(getBalance))
          .isInstanceOf(CardException.class)
          .hasStackTraceContaining("SCARD_W_REMOVED_CARD");
      assertThatThrownBy(() -> channel.transmit(getBalance))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Card has been removed");
    }

    @Test
    void the_reader_reports_both_forms_of_a_pulled_card_as_removed() {
      PurseSession session = bench.openPurse(MONEY);
      bench.remove();

      assertThat(session.balance()).isInstanceOf(CardResult.Removed.class);
      assertThat(session.balance()).isInstanceOf(CardResult.Removed.class);
    }

    @Test
    void a_card_torn_mid_command_answers_nothing_and_pcscd_reports_it_removed_only_later()
        throws Exception {
      bench.insert(MONEY);
      CardTerminal terminal = STACK.terminal();
      CardChannel channel = terminal.connect("*").getBasicChannel();
      channel.transmit(select);
      bench.slot.tearNext(0x5C, When.AFTER_APPLY);

      assertThatThrownBy(() -> channel.transmit(getBalance))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least 2 bytes");

      assertThat(terminal.waitForCardAbsent(5000)).isTrue();
      assertThatThrownBy(() -> channel.transmit(getBalance))
          .hasStackTraceContaining("SCARD_W_REMOVED_CARD");
    }

    @Test
    void wait_for_change_blocks_on_a_card_already_present_and_the_reader_checks_first()
        throws Exception {
      bench.insert(MONEY);
      CardTerminals terminals = STACK.terminalFactory().terminals();
      assertThat(terminals.list(CardTerminals.State.CARD_PRESENT)).hasSize(1);

      long start = System.nanoTime();
      assertThat(terminals.waitForChange(300)).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(ms(250));

      // Waiting for a change first would block the whole timeout; checking first returns at once.
      // The bound is half the timeout so that a slow machine cannot make this fail.
      start = System.nanoTime();
      assertThat(bench.reader.awaitPresence(true, Duration.ofSeconds(20))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void get_response_goes_out_under_class_00_from_the_reader_never_under_the_command_class() {
      List<String> sent = new CopyOnWriteArrayList<>();
      ((PcscCardTransport) bench.transport).client.tapApdus(apdu -> sent.add(Hex.encode(apdu)));
      PurseSession session = bench.openPurse(MONEY);
      bench.slot.corruptNext(0x5C, answer -> Hex.decode("6104"));
      sent.clear();

      session.balance();

      assertThat(sent).containsExactly("805C000204", "00C0000004");
    }

    @Test
    void a_slow_card_answers_late_and_one_pulled_while_slow_is_reported_removed() {
      PurseSession session = bench.openPurse(MONEY);
      bench.slot.latency(ms(300));
      long start = System.nanoTime();
      assertThat(session.balance().value()).isEqualTo(1200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(ms(300));

      bench.slot.latency(Duration.ofSeconds(20));
      ((PcscCardTransport) bench.transport)
          .client.tapApdus(apdu -> CompletableFuture.runAsync(bench.slot::remove));

      assertThat(session.balance()).isInstanceOf(CardResult.Removed.class);
    }

    @Test
    void a_mute_card_is_present_but_cannot_be_powered() throws Exception {
      bench.slot.addCard(OtherCardImage.mute("0000000000000008"));
      bench.insert("0000000000000008");

      assertThat(STACK.terminal().isCardPresent()).isTrue();
      assertThatThrownBy(() -> STACK.terminal().connect("*"))
          .isInstanceOf(CardException.class)
          .hasStackTraceContaining("SCARD_W_UNPOWERED_CARD");
    }

    @Test
    void pcscd_negotiates_t0_for_the_simulated_atr() throws Exception {
      bench.insert(MONEY);
      Card card = STACK.terminal().connect("*");
      assertThat(card.getProtocol()).isEqualTo("T=0");
      card.disconnect(false);
    }

    private static Duration ms(long millis) {
      return Duration.ofMillis(millis);
    }
  }
}
