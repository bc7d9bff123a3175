package org.gaskiosk.hw.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The status bits of devices.md, "ESC/POS receipt printer". */
class PrinterStatusTest {
  private static final Instant AT = Instant.parse("2026-03-01T08:00:00Z");

  private static PrinterStatus parse(int printer, int offline, int paper) {
    return PrinterStatus.fromStatusBytes(printer, offline, paper, AT);
  }

  @Test
  void bytes_with_only_the_fixed_bits_mean_ready_with_paper() {
    PrinterStatus s = parse(0x12, 0x12, 0x12);
    assertThat(s.faults()).isEmpty();
    assertThat(s.canPrint()).isTrue();
    assertThat(s.describe()).isEqualTo("ok");
  }

  @Test
  void bit_3_of_dle_eot_1_alone_is_offline() {
    PrinterStatus s = parse(0x1A, 0x12, 0x12);
    assertThat(s.faults()).containsExactly(PrinterFault.OFFLINE);
    assertThat(s.canPrint()).isFalse();
  }

  @Test
  void bit_2_of_dle_eot_2_is_cover_open_and_explains_offline() {
    PrinterStatus s = parse(0x1A, 0x16, 0x12);
    assertThat(s.faults()).containsExactly(PrinterFault.COVER_OPEN);
    assertThat(s.canPrint()).isFalse();
  }

  @Test
  void bit_5_of_dle_eot_2_is_stopped_by_paper_end() {
    assertThat(parse(0x1A, 0x32, 0x12).faults()).containsExactly(PrinterFault.PAPER_OUT);
  }

  @Test
  void bit_6_of_dle_eot_2_is_an_error() {
    PrinterStatus s = parse(0x1A, 0x52, 0x12);
    assertThat(s.faults()).containsExactly(PrinterFault.ERROR);
    assertThat(s.describe()).isEqualTo("printer error");
  }

  @Test
  void bits_2_and_3_of_dle_eot_4_are_paper_near_end_and_printing_goes_on() {
    for (int paper : new int[] {0x1E, 0x16, 0x1A}) {
      PrinterStatus s = parse(0x12, 0x12, paper);
      assertThat(s.faults()).containsExactly(PrinterFault.PAPER_NEAR_END);
      assertThat(s.canPrint()).isTrue();
    }
  }

  @Test
  void bits_5_and_6_of_dle_eot_4_are_paper_out_which_hides_near_end() {
    for (int paper : new int[] {0x7E, 0x32, 0x52}) {
      PrinterStatus s = parse(0x1A, 0x32, paper);
      assertThat(s.faults()).containsExactly(PrinterFault.PAPER_OUT);
      assertThat(s.canPrint()).isFalse();
    }
  }

  @Test
  void several_faults_are_described_together() {
    PrinterStatus s = parse(0x1A, 0x36, 0x7E);
    assertThat(s.faults())
        .containsExactlyInAnyOrder(PrinterFault.COVER_OPEN, PrinterFault.PAPER_OUT);
    assertThat(s.describe()).isEqualTo("cover open, paper out");
  }

  @Test
  void a_byte_with_wrong_fixed_bits_is_not_a_status_byte() {
    assertThat(PrinterStatus.isStatusByte(0x12)).isTrue();
    assertThat(PrinterStatus.isStatusByte(0x00)).isFalse();
    assertThat(PrinterStatus.isStatusByte(0xFF)).isFalse();
    assertThatThrownBy(() -> parse(0x12, 0x93, 0x12)).hasMessageContaining("0x93");
  }

  @Test
  void a_change_names_the_faults_raised_and_cleared() {
    var change = new PrinterStatusChange(parse(0x12, 0x12, 0x1E), parse(0x1A, 0x16, 0x12));
    assertThat(change.raised()).containsExactly(PrinterFault.COVER_OPEN);
    assertThat(change.cleared()).containsExactly(PrinterFault.PAPER_NEAR_END);
  }
}
