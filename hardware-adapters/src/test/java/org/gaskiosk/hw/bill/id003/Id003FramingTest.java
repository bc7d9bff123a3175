package org.gaskiosk.hw.bill.id003;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Framing per devices.md: FC | LNG | CMD | DATA | CRC-16/KERMIT low byte first. */
class Id003FramingTest {
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

  @Test
  void crc_is_crc16_kermit_with_its_published_check_value() {
    byte[] digits = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(Crc16Kermit.of(digits, 0, digits.length)).isEqualTo(0x2189);
  }

  @Test
  void status_request_and_ack_encode_to_the_blocks_every_id003_host_sends() {
    assertThat(HEX.formatHex(Id003Frame.of(0x11).encode())).isEqualTo("FC 05 11 27 56");
    assertThat(HEX.formatHex(Id003Frame.of(0x50).encode())).isEqualTo("FC 05 50 AA 05");
  }

  @Test
  void length_counts_the_whole_block_and_the_crc_goes_low_byte_first() {
    byte[] block = Id003Frame.of(0xC0, 0x00, 0x00).encode();
    assertThat(block).hasSize(7);
    assertThat(block[1]).isEqualTo((byte) 7);
    int crc = Crc16Kermit.of(block, 0, 5);
    assertThat(block[5]).isEqualTo((byte) crc);
    assertThat(block[6]).isEqualTo((byte) (crc >>> 8));
  }

  @Test
  void a_block_split_over_many_reads_is_reassembled() {
    FrameDecoder d = new FrameDecoder();
    byte[] escrow = Id003Frame.of(0x13, 0x65).encode();
    for (int i = 0; i < escrow.length - 1; i++) {
      d.push(escrow, i, 1);
      assertThat(d.next()).isEmpty();
    }
    d.push(escrow, escrow.length - 1, 1);
    assertThat(d.next()).contains(Id003Frame.of(0x13, 0x65));
  }

  @Test
  void noise_before_sync_is_skipped() {
    FrameDecoder d = new FrameDecoder();
    push(d, new byte[] {0x00, 0x13, 0x7F});
    push(d, Id003Frame.of(0x11).encode());
    assertThat(d.next()).contains(Id003Frame.of(0x11));
    assertThat(d.noiseBytes()).isEqualTo(3);
  }

  @Test
  void a_block_with_a_wrong_crc_is_dropped_and_the_next_one_is_found() {
    FrameDecoder d = new FrameDecoder();
    byte[] bad = Id003Frame.of(0x15).encode();
    bad[4] ^= 1;
    push(d, bad);
    push(d, Id003Frame.of(0x16).encode());
    assertThat(d.next()).contains(Id003Frame.of(0x16));
    assertThat(d.next()).isEmpty();
    assertThat(d.badBlocks()).isEqualTo(1);
  }

  @Test
  void a_truncated_block_followed_by_a_good_one_resyncs_on_the_good_ones_sync_byte() {
    FrameDecoder d = new FrameDecoder();
    byte[] truncated = Id003Frame.of(0x13, 0x63).encode();
    push(d, Arrays.copyOf(truncated, 3));
    push(d, Id003Frame.of(0x1A).encode());
    push(d, Id003Frame.of(0x11).encode());
    List<Id003Frame> found = drain(d);
    assertThat(found).contains(Id003Frame.of(0x11));
    assertThat(found).doesNotContain(Id003Frame.of(0x13, 0x63));
  }

  @Test
  void an_impossible_length_is_rejected_without_waiting_for_more_bytes() {
    FrameDecoder d = new FrameDecoder();
    push(d, new byte[] {(byte) 0xFC, 0x02});
    push(d, Id003Frame.of(0x11).encode());
    assertThat(d.next()).contains(Id003Frame.of(0x11));
    assertThat(d.badBlocks()).isEqualTo(1);
  }

  @Test
  void random_bytes_never_throw_and_only_valid_blocks_come_out() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    FrameDecoder d = new FrameDecoder();
    int valid = 0;
    for (int round = 0; round < 2_000; round++) {
      byte[] chunk = new byte[random.nextInt(40)];
      random.nextBytes(chunk);
      if (random.nextInt(4) == 0) {
        byte[] good = Id003Frame.of(0x11 + random.nextInt(11)).encode();
        chunk = concat(chunk, good);
        valid++;
      }
      push(d, chunk);
      for (Optional<Id003Frame> f = d.next(); f.isPresent(); f = d.next()) {
        byte[] again = f.get().encode();
        assertThat(Crc16Kermit.of(again, 0, again.length - 2))
            .as("seed %d", seed)
            .isEqualTo((again[again.length - 2] & 0xFF) | (again[again.length - 1] & 0xFF) << 8);
      }
    }
    assertThat(valid).as("seed %d", seed).isPositive();
  }

  @Test
  void the_denomination_mask_enables_exactly_the_accepted_notes() {
    byte[] mask = DenominationTable.CNY.inhibitMask(Set.of(1_000L, 5_000L));
    assertThat(DenominationTable.inhibits(mask, 0x63)).isFalse();
    assertThat(DenominationTable.inhibits(mask, 0x65)).isFalse();
    assertThat(DenominationTable.inhibits(mask, 0x61)).isTrue();
    assertThat(DenominationTable.inhibits(mask, 0x66)).isTrue();
    assertThat(DenominationTable.inhibits(mask, 0x70)).isTrue();
    assertThat(DenominationTable.CNY.inhibitMask(DenominationTable.CNY.values()))
        .containsExactly(0xC0, 0xFF);
  }

  @Test
  void a_note_the_firmware_table_does_not_know_cannot_be_enabled() {
    assertThatThrownBy(() -> DenominationTable.CNY.inhibitMask(Set.of(300L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("300 fen");
  }

  private static void push(FrameDecoder d, byte[] bytes) {
    d.push(bytes, 0, bytes.length);
  }

  private static List<Id003Frame> drain(FrameDecoder d) {
    List<Id003Frame> out = new ArrayList<>();
    for (Optional<Id003Frame> f = d.next(); f.isPresent(); f = d.next()) {
      out.add(f.get());
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
