package org.gaskiosk.hw.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gaskiosk.hw.card.pboc.Hex.decode;
import static org.gaskiosk.hw.card.pboc.Hex.encode;

import javax.smartcardio.CardException;
import org.gaskiosk.core.port.CardResult;
import org.junit.jupiter.api.Test;

/** card.md "javax.smartcardio on Linux: traps" 3 and 4. */
class ApduTransportTest {
  private final ScriptedChannel channel = new ScriptedChannel();
  private final ApduTransport transport = new ApduTransport(channel);

  @Test
  void more_data_is_fetched_with_get_response_under_cla_00_not_the_command_cla() {
    channel.answer("6110").answer("00000000000002001122334412345678" + "9000");

    CardResult<Rapdu> r = transport.exchange("INIT", decode("805000020B0100001000001122334455"));

    assertThat(channel.sent).containsExactly("805000020B0100001000001122334455", "00C0000010");
    assertThat(encode(r.value().data())).isEqualTo("00000000000002001122334412345678");
    assertThat(r.value().sw()).isEqualTo(0x9000);
  }

  @Test
  void chained_get_responses_concatenate_the_data() {
    channel.answer("AABB6102").answer("CCDD6101").answer("EE9000");

    CardResult<Rapdu> r = transport.exchange("READ", decode("00B0950000"));

    assertThat(channel.sent).containsExactly("00B0950000", "00C0000002", "00C0000001");
    assertThat(encode(r.value().data())).isEqualTo("AABBCCDDEE");
  }

  @Test
  void wrong_le_is_resent_once_with_the_length_the_card_asked_for() {
    channel.answer("6C10").answer("01310000000000000131002049123101" + "9000");

    CardResult<Rapdu> r = transport.exchange("READ", decode("00B0950000"));

    assertThat(channel.sent).containsExactly("00B0950000", "00B0950010");
    assertThat(r.value().data()).hasSize(16);
  }

  @Test
  void a_card_that_keeps_asking_for_get_response_fails_instead_of_looping() {
    for (int i = 0; i < 20; i++) {
      channel.answer("6101");
    }
    assertThat(transport.exchange("READ", decode("00B0950000")))
        .isInstanceOf(CardResult.Failed.class);
  }

  @Test
  void the_jdk_card_has_been_removed_exception_means_removed() {
    channel.fail(new IllegalStateException("Card has been removed"));
    assertThat(transport.exchange("CREDIT FOR LOAD", decode("805C000204")))
        .isEqualTo(new CardResult.Removed<>("CREDIT FOR LOAD"));
  }

  @Test
  void a_pcsc_removed_card_error_means_removed() {
    channel.fail(
        new CardException("transmit() failed", new RuntimeException("SCARD_W_REMOVED_CARD")));
    assertThat(transport.exchange("GET BALANCE", decode("805C000204")))
        .isInstanceOf(CardResult.Removed.class);
  }

  @Test
  void other_transport_errors_fail_with_the_cause_named() {
    channel.fail(
        new CardException("transmit() failed", new RuntimeException("SCARD_F_COMM_ERROR")));
    CardResult<Rapdu> r = transport.exchange("GET BALANCE", decode("805C000204"));
    assertThat(r).isInstanceOf(CardResult.Failed.class);
    assertThat(r.describe()).contains("GET BALANCE").contains("SCARD_F_COMM_ERROR");
    assertThat(transport.lastFailureWasMute()).isFalse();
  }

  @Test
  void a_card_that_times_out_is_reported_as_mute() {
    channel.fail(new CardException("transmit() failed", new RuntimeException("SCARD_E_TIMEOUT")));
    transport.exchange("SELECT", decode("805C000204"));
    assertThat(transport.lastFailureWasMute()).isTrue();
  }

  @Test
  void a_response_shorter_than_a_status_word_fails() {
    channel.fail(new IllegalArgumentException("apdu must be at least 2 bytes long"));
    assertThat(transport.exchange("GET BALANCE", decode("805C000204")))
        .isInstanceOf(CardResult.Failed.class);
  }

  @Test
  void an_answer_cut_short_by_a_card_that_left_means_removed() {
    channel.fail(new IllegalArgumentException("apdu must be at least 2 bytes long"));
    ApduTransport probing = new ApduTransport(channel, () -> true);
    assertThat(probing.exchange("CREDIT FOR LOAD", decode("805C000204")))
        .isEqualTo(new CardResult.Removed<>("CREDIT FOR LOAD"));
  }

  @Test
  void an_unexplained_transmit_error_from_a_card_that_left_means_removed() {
    channel.fail(
        new CardException("transmit() failed", new RuntimeException("SCARD_E_NOT_TRANSACTED")));
    ApduTransport probing = new ApduTransport(channel, () -> true);
    assertThat(probing.exchange("GET BALANCE", decode("805C000204")))
        .isInstanceOf(CardResult.Removed.class);
  }

  @Test
  void an_unexplained_transmit_error_with_the_card_still_there_fails() {
    channel.fail(
        new CardException("transmit() failed", new RuntimeException("SCARD_E_NOT_TRANSACTED")));
    ApduTransport probing = new ApduTransport(channel, () -> false);
    assertThat(probing.exchange("GET BALANCE", decode("805C000204")))
        .isInstanceOf(CardResult.Failed.class);
  }

  @Test
  void a_lost_pcsc_service_is_a_failure_even_if_the_reader_no_longer_shows_the_card() {
    channel.fail(
        new CardException("transmit() failed", new RuntimeException("SCARD_E_NO_SERVICE")));
    ApduTransport probing = new ApduTransport(channel, () -> true);
    assertThat(probing.exchange("GET BALANCE", decode("805C000204")))
        .isInstanceOf(CardResult.Failed.class);
  }
}
