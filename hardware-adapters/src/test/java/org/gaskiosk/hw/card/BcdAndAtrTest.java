package org.gaskiosk.hw.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gaskiosk.hw.card.pboc.Hex.decode;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class BcdAndAtrTest {

  @Test
  void dates_and_times_round_trip_through_bcd() {
    assertThat(Bcd.date(LocalDate.of(2025, 1, 2))).isEqualTo(decode("20250102"));
    assertThat(Bcd.time(LocalTime.of(3, 4, 5))).isEqualTo(decode("030405"));
    assertThat(Bcd.decodeDateTime(decode("20250102030405"), 0))
        .contains(LocalDateTime.of(2025, 1, 2, 3, 4, 5));
  }

  @Test
  void non_decimal_nibbles_and_impossible_dates_do_not_decode() {
    assertThat(Bcd.digits(decode("12A4"), 0, 2)).isEmpty();
    assertThat(Bcd.decodeDate(decode("20250230"), 0)).isEmpty();
    assertThat(Bcd.decodeDateTime(decode("20250102250000"), 0)).isEmpty();
  }

  @Test
  void an_sle4442_is_recognised_raw_or_wrapped_by_the_reader() {
    assertThat(Atrs.isSle4442(decode("A2131091"))).isTrue();
    assertThat(Atrs.isSle4442(decode("3B04A2131091"))).isTrue();
    assertThat(Atrs.isMemoryCard(decode("3B04A2131091"))).isTrue();
  }

  @Test
  void a_processor_card_atr_is_not_a_memory_card() {
    assertThat(Atrs.isMemoryCard(decode("3B6800000073C84000009000"))).isFalse();
    assertThat(Atrs.isMemoryCard(decode("3F6525082204689000"))).isFalse();
  }
}
