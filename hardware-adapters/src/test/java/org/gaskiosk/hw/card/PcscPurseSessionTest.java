package org.gaskiosk.hw.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gaskiosk.hw.card.pboc.Hex.decode;
import static org.gaskiosk.hw.card.pboc.Hex.encode;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.port.CardLogEntry;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.TransactionProof;
import org.junit.jupiter.api.Test;

/** Status words per card.md, as the session reports them. */
class PcscPurseSessionTest {
  private static final LocalDateTime T = LocalDateTime.of(2011, 12, 21, 21, 48, 22);
  private final ScriptedChannel channel = new ScriptedChannel();
  private final PcscPurseSession session =
      new PcscPurseSession(
          channel.card,
          new ApduTransport(channel),
          new CardSnapshot(
              "3100000000000001", CardFamily.PURSE, CardUnit.FEN, 0, MeterRecord.NONE));

  @Test
  void initialize_for_load_returns_the_card_answer() {
    channel.answer("00000000 0000 02 00 11223344 A5638AA0 9000".replace(" ", ""));
    CardResult<LoadInit> r = session.initializeForLoad(0x1000, "001122334455");
    assertThat(encode(r.value().mac1())).isEqualTo("A5638AA0");
  }

  @Test
  void an_unsupported_key_index_is_refused() {
    channel.answer("9403");
    assertThat(session.initializeForLoad(100, "001122334455"))
        .isEqualTo(new CardResult.Refused<LoadInit>(0x9403, "key index not supported"));
  }

  @Test
  void credit_for_load_returns_the_tac() {
    channel.answer("0A0B0C0D9000");
    assertThat(session.creditForLoad(T, decode("FDD12AF1")).value()).isEqualTo(decode("0A0B0C0D"));
  }

  @Test
  void a_wrong_mac2_is_a_refusal_the_card_did_not_apply() {
    channel.answer("9302");
    CardResult<byte[]> r = session.creditForLoad(T, decode("00000000"));
    assertThat(r).isInstanceOf(CardResult.Refused.class);
    assertThat(((CardResult.Refused<byte[]>) r).statusWord()).isEqualTo(0x9302);
  }

  @Test
  void an_execution_error_or_warning_during_credit_is_unknown_not_refused() {
    channel.answer("6581").answer("63C1");
    assertThat(session.creditForLoad(T, decode("00000000"))).isInstanceOf(CardResult.Failed.class);
    assertThat(session.creditForLoad(T, decode("00000000"))).isInstanceOf(CardResult.Failed.class);
  }

  @Test
  void credit_for_load_is_never_resent_even_when_the_card_asks_for_another_le() {
    channel.answer("6C04");
    assertThat(session.creditForLoad(T, decode("FDD12AF1"))).isInstanceOf(CardResult.Failed.class);
    assertThat(channel.sent).hasSize(1);
  }

  @Test
  void a_tac_of_the_wrong_length_fails() {
    channel.answer("0A0B9000");
    assertThat(session.creditForLoad(T, decode("FDD12AF1")).describe())
        .contains("expected 4 bytes, got 2");
  }

  @Test
  void a_transaction_the_card_has_no_proof_for_is_empty() {
    channel.answer("9406").answer("1111111122222222" + "9000");
    assertThat(session.transactionProve(3).value()).isEmpty();
    Optional<TransactionProof> proof = session.transactionProve(4).value();
    assertThat(encode(proof.orElseThrow().tac())).isEqualTo("22222222");
    assertThat(channel.sent).containsExactly("805A000202000308", "805A000202000408");
  }

  @Test
  void the_log_is_read_newest_first_until_record_not_found() {
    channel
        .answer("0002 000003E8 02 001122334455 20250102 030405 9000".replace(" ", ""))
        .answer("0001 00000064 02 001122334455 20250101 120000 9000".replace(" ", ""))
        .answer("6A83");
    CardResult<List<CardLogEntry>> log = session.readLog();
    assertThat(log.value()).extracting(CardLogEntry::sequence).containsExactly(2, 1);
    assertThat(channel.sent).containsExactly("00B201C414", "00B202C414", "00B203C414");
  }

  @Test
  void a_garbage_log_record_fails_the_read() {
    channel.answer("0002 000003E8 02 001122334455 2025AB02 030405 9000".replace(" ", ""));
    assertThat(session.readLog()).isInstanceOf(CardResult.Failed.class);
  }

  @Test
  void close_ends_the_exclusive_hold_and_leaves_the_card_powered() {
    channel.card.exclusiveDepth = 1;
    session.close();
    session.close();
    assertThat(channel.card.exclusiveDepth).isZero();
    assertThat(channel.card.disconnects).isEqualTo(1);
    assertThat(channel.card.lastDisconnectReset).isFalse();
  }
}
