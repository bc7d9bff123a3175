package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import org.gaskiosk.hw.card.pboc.Hex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider behaves like SunPCSC where card.md lists its traps. */
class SimTerminalProviderTest {
  @TempDir Path folder;
  private SimCardSlot slot;
  private CardTerminals terminals;

  @BeforeEach
  void openSlot() throws Exception {
    slot = SimCardSlot.open(folder, IssuerKeys.generate(new Random(3)));
    TerminalFactory factory = SimTerminalProvider.terminalFactory(slot);
    assertThat(factory.getType()).isEqualTo(SimTerminalProvider.TYPE);
    terminals = factory.terminals();
  }

  private CardTerminal terminal() throws CardException {
    return terminals.list().get(0);
  }

  @Test
  void listing_without_a_reader_throws_no_readers_available_like_pcsc_lite() {
    slot.setReaderAttached(false);
    assertThatThrownBy(() -> terminals.list())
        .isInstanceOf(CardException.class)
        .hasRootCauseMessage("SCARD_E_NO_READERS_AVAILABLE");
  }

  @Test
  void the_card_present_list_follows_the_slot() throws Exception {
    assertThat(terminals.list(CardTerminals.State.CARD_PRESENT)).isEmpty();
    slot.insert("3100000000000001");
    assertThat(terminals.list(CardTerminals.State.CARD_PRESENT)).hasSize(1);
  }

  @Test
  void wait_for_change_returns_when_a_card_is_inserted() throws Exception {
    CompletableFuture<Boolean> changed =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return terminals.waitForChange(10_000);
              } catch (CardException e) {
                throw new IllegalStateException(e);
              }
            });
    slot.insert("3100000000000001");
    assertThat(changed.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void a_memory_card_gives_its_header_as_atr_and_reads_its_memory() throws Exception {
    slot.insert("4200000000000004");
    Card card = terminal().connect("*");
    CardChannel channel = card.getBasicChannel();

    assertThat(Hex.encode(card.getATR().getBytes())).isEqualTo("A2131091");
    assertThat(channel.transmit(new CommandAPDU(Hex.decode("FFA4000001 06"))).getSW())
        .isEqualTo(0x9000);
    byte[] identity = channel.transmit(new CommandAPDU(Hex.decode("FFB0002009"))).getData();
    assertThat(Hex.encode(identity)).isEqualTo("DD4200000000000004");
  }

  @Test
  void a_card_pulled_during_a_command_throws_removed_then_card_has_been_removed() throws Exception {
    slot.insert("3100000000000001");
    CardChannel channel = terminal().connect("*").getBasicChannel();
    slot.tearNext(0x5C, SimCardSlot.When.BEFORE_APPLY);
    CommandAPDU balance = new CommandAPDU(Hex.decode("805C000204"));

    assertThatThrownBy(() -> channel.transmit(balance))
        .isInstanceOf(CardException.class)
        .hasRootCauseMessage("SCARD_W_REMOVED_CARD");
    assertThatThrownBy(() -> channel.transmit(balance))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Card has been removed");
  }

  @Test
  void connect_returns_the_cached_card_until_it_is_disconnected() throws Exception {
    slot.insert("3100000000000001");
    Card first = terminal().connect("*");
    assertThat(terminal().connect("T=1")).isSameAs(first);
    first.disconnect(false);
    assertThat(terminal().connect("*")).isNotSameAs(first);
  }

  @Test
  void exclusive_access_belongs_to_one_thread() throws Exception {
    slot.insert("3100000000000001");
    Card card = terminal().connect("*");
    card.beginExclusive();
    CompletableFuture<Throwable> other =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                card.getBasicChannel().transmit(new CommandAPDU(Hex.decode("805C000204")));
                return null;
              } catch (CardException | RuntimeException e) {
                return e;
              }
            });
    assertThat(other.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("SCARD_E_SHARING_VIOLATION");
    card.endExclusive();
  }

  @Test
  void pulling_the_card_cuts_a_slow_answer_short() throws Exception {
    slot.insert("3100000000000001");
    CardChannel channel = terminal().connect("*").getBasicChannel();
    slot.latency(Duration.ofMinutes(5));
    CompletableFuture<Throwable> slow =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                channel.transmit(new CommandAPDU(Hex.decode("805C000204")));
                return null;
              } catch (CardException | RuntimeException e) {
                return e;
              }
            });
    slot.remove();
    assertThat(slow.get(10, TimeUnit.SECONDS)).isInstanceOf(CardException.class);
  }

  @Test
  void a_mute_card_fails_to_connect_as_unresponsive() throws Exception {
    slot.addCard(OtherCardImage.mute("0000000000000008"));
    slot.insert("0000000000000008");
    assertThatThrownBy(() -> terminal().connect("*"))
        .isInstanceOf(CardException.class)
        .hasRootCauseMessage("SCARD_W_UNRESPONSIVE_CARD");
    assertThat(List.of(terminal().getName())).containsExactly(SimTerminalProvider.READER_NAME);
  }

  @Test
  void a_case_four_command_loses_its_le_as_under_sunpcsc_with_t0_and_other_cases_keep_theirs() {
    assertThat(Hex.encode(SimCardChannel.dropCaseFourLe(Hex.decode("805A0002020000" + "08"))))
        .isEqualTo("805A0002020000");
    assertThat(Hex.encode(SimCardChannel.dropCaseFourLe(Hex.decode("805C000204"))))
        .isEqualTo("805C000204");
    assertThat(Hex.encode(SimCardChannel.dropCaseFourLe(Hex.decode("805A00020200"))))
        .isEqualTo("805A00020200");
  }
}
