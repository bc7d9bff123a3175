package org.gaskiosk.hw.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gaskiosk.hw.card.pboc.Hex.decode;
import static org.gaskiosk.hw.card.pboc.Hex.encode;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.port.CardLogEntry;
import org.gaskiosk.core.port.LoadInit;
import org.junit.jupiter.api.Test;

class PurseAnswersTest {

  @Test
  void identity_file_gives_type_number_issuer_expiry_and_state() throws Exception {
    CardIdentity id = PurseAnswers.identity(decode("01 3100000000000001 3100 20491231 01"));
    assertThat(id)
        .isEqualTo(
            new CardIdentity(
                CardType.USER_MONEY_PURSE,
                "3100000000000001",
                "3100",
                LocalDate.of(2049, 12, 31),
                false));
  }

  @Test
  void identity_of_a_setting_card_is_a_tool_card() throws Exception {
    CardIdentity id = PurseAnswers.identity(decode("11 9900000000000005 3100 20491231 01"));
    assertThat(id.type().isTool()).isTrue();
  }

  @Test
  void identity_with_bad_bcd_unknown_type_state_or_length_is_malformed() {
    assertThatThrownBy(() -> PurseAnswers.identity(decode("01 31000000000000AB 3100 20491231 01")))
        .isInstanceOf(MalformedAnswerException.class)
        .hasMessageContaining("card number is not BCD");
    assertThatThrownBy(() -> PurseAnswers.identity(decode("7F 3100000000000001 3100 20491231 01")))
        .hasMessageContaining("unknown card type");
    assertThatThrownBy(() -> PurseAnswers.identity(decode("01 3100000000000001 3100 20491331 01")))
        .hasMessageContaining("expiry");
    assertThatThrownBy(() -> PurseAnswers.identity(decode("01 3100000000000001 3100 20491231 09")))
        .hasMessageContaining("state");
    assertThatThrownBy(() -> PurseAnswers.identity(decode("01 3100000000000001")))
        .hasMessageContaining("expected 16 bytes, got 9");
  }

  @Test
  void meter_record_gives_remaining_alarms_and_last_use() throws Exception {
    MeterRecord m = PurseAnswers.meter(decode("0000012C 0A 20250601"));
    assertThat(m)
        .isEqualTo(new MeterRecord(300, false, true, false, true, LocalDate.of(2025, 6, 1)));
  }

  @Test
  void meter_record_with_zero_date_was_never_in_a_meter() throws Exception {
    assertThat(PurseAnswers.meter(decode("00000000 00 00000000")).lastUse()).isNull();
  }

  @Test
  void load_init_parses_the_published_card_response() throws Exception {
    LoadInit init = PurseAnswers.loadInit(decode("00000000 0000 02 00 11223344 2988AE5A"));
    assertThat(init.oldBalance()).isZero();
    assertThat(init.sequence()).isZero();
    assertThat(init.keyVersion()).isEqualTo(2);
    assertThat(init.algorithmId()).isZero();
    assertThat(encode(init.random())).isEqualTo("11223344");
    assertThat(encode(init.mac1())).isEqualTo("2988AE5A");
  }

  @Test
  void log_record_parses_and_an_all_zero_record_is_empty() throws Exception {
    CardLogEntry e =
        PurseAnswers.logEntry(decode("0007 000003E8 02 001122334455 20250102 030405"))
            .orElseThrow();
    assertThat(e)
        .isEqualTo(
            new CardLogEntry(7, 1000, 2, "001122334455", LocalDateTime.of(2025, 1, 2, 3, 4, 5)));
    assertThat(PurseAnswers.logEntry(new byte[20])).isEmpty();
  }

  @Test
  void fci_names_the_selected_application() throws Exception {
    assertThat(PurseAnswers.dfName(decode("6F0B8409F04741535055525345")))
        .hasValueSatisfying(n -> assertThat(n).isEqualTo(PurseProfile.AID));
    assertThat(PurseAnswers.dfName(new byte[0])).isEmpty();
    assertThatThrownBy(() -> PurseAnswers.dfName(decode("6F0B8409F0")))
        .isInstanceOf(MalformedAnswerException.class);
    assertThatThrownBy(() -> PurseAnswers.dfName(decode("6F04 84 7F 0000")))
        .isInstanceOf(MalformedAnswerException.class);
  }
}
