package org.gaskiosk.hw.card;

import static org.assertj.core.api.Assertions.assertThat;

import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.hw.card.pboc.Hex;
import org.junit.jupiter.api.Test;

/** Reads of an SLE4442 through the reader's pseudo-APDUs, whatever range the caller asks for. */
class Sle4442SessionTest {
  private final ScriptedChannel channel = new ScriptedChannel();
  private final Sle4442Session session =
      new Sle4442Session(channel.card, new ApduTransport(channel));

  @Test
  void the_whole_memory_in_one_call_is_read_in_two_reads_of_128_bytes() {
    channel.answer("11".repeat(128) + "9000").answer("22".repeat(128) + "9000");

    CardResult<byte[]> r = session.read(0, 256);

    assertThat(r.isOk()).isTrue();
    assertThat(Hex.encode(r.value())).isEqualTo("11".repeat(128) + "22".repeat(128));
    assertThat(channel.sent).containsExactly("FFB0000080", "FFB0008080");
  }

  @Test
  void the_engine_s_two_halves_stay_one_read_each() {
    channel.answer("33".repeat(128) + "9000");

    assertThat(Hex.encode(session.read(128, 128).value())).isEqualTo("33".repeat(128));
    assertThat(channel.sent).containsExactly("FFB0008080");
  }

  @Test
  void a_range_outside_the_memory_is_a_failure_value_and_sends_nothing() {
    assertThat(session.read(200, 100)).isInstanceOf(CardResult.Failed.class);
    assertThat(session.read(-1, 4)).isInstanceOf(CardResult.Failed.class);
    assertThat(session.read(0, 0)).isInstanceOf(CardResult.Failed.class);
    assertThat(session.read(0, 257)).isInstanceOf(CardResult.Failed.class);
    assertThat(channel.sent).isEmpty();
  }

  @Test
  void a_failed_second_chunk_fails_the_whole_read() {
    channel.answer("11".repeat(128) + "9000").answer("6B00");

    assertThat(session.read(0, 256)).isInstanceOf(CardResult.Refused.class);
  }
}
