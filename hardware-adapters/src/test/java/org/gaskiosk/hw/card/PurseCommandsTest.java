package org.gaskiosk.hw.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gaskiosk.hw.card.pboc.Hex.encode;

import java.time.LocalDateTime;
import org.gaskiosk.hw.card.pboc.Hex;
import org.junit.jupiter.api.Test;

/** Command APDUs byte for byte as shared/design/card.md writes them. */
class PurseCommandsTest {

  @Test
  void select_names_the_purse_application_and_asks_for_the_fci() {
    assertThat(encode(PurseCommands.selectByAid(PurseProfile.AID)))
        .isEqualTo("00A4040009F04741535055525345" + "00");
  }

  @Test
  void read_binary_and_read_record_address_files_by_short_file_id() {
    assertThat(encode(PurseCommands.readBinary(0x15, 0, 16))).isEqualTo("00B0950010");
    assertThat(encode(PurseCommands.readRecord(0x16, 1, 9))).isEqualTo("00B201B409");
    assertThat(encode(PurseCommands.readRecord(0x18, 3, 20))).isEqualTo("00B203C414");
  }

  @Test
  void get_balance_is_the_purse_variant() {
    assertThat(encode(PurseCommands.getBalance())).isEqualTo("805C000204");
  }

  @Test
  void initialize_for_load_carries_key_index_amount_and_terminal() {
    assertThat(encode(PurseCommands.initializeForLoad(1, 0x1000, "001122334455")))
        .isEqualTo("805000020B" + "01" + "00001000" + "001122334455" + "10");
  }

  @Test
  void credit_for_load_carries_bcd_date_time_and_mac2() {
    byte[] mac2 = Hex.decode("FDD12AF1");
    assertThat(
            encode(PurseCommands.creditForLoad(LocalDateTime.of(2011, 12, 21, 21, 48, 22), mac2)))
        .isEqualTo("805200000B" + "20111221" + "214822" + "FDD12AF1" + "04");
  }

  @Test
  void get_transaction_prove_asks_for_a_load_by_sequence() {
    assertThat(encode(PurseCommands.getTransactionProve(0x0102)))
        .isEqualTo("805A0002020102" + "08");
  }

  @Test
  void a_malformed_terminal_id_or_mac2_is_a_caller_bug() {
    assertThatThrownBy(() -> PurseCommands.initializeForLoad(1, 1, "00112233"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PurseCommands.creditForLoad(LocalDateTime.now(), new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
