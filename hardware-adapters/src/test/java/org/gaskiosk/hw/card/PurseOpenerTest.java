package org.gaskiosk.hw.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardOpening.RefusalReason;
import org.junit.jupiter.api.Test;

class PurseOpenerTest {
  private static final String FCI = "6F0B8409F04741535055525345";
  private static final String USER = "01 3100000000000001 3100 20491231 01 9000";
  private final ScriptedChannel channel = new ScriptedChannel();
  private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC);
  private final PurseOpener opener = new PurseOpener(new ApduTransport(channel), clock);

  private CardOpening open() {
    return opener.open(channel.card);
  }

  private ScriptedChannel answer(String hex) {
    return channel.answer(hex.replace(" ", ""));
  }

  @Test
  void a_user_card_opens_in_four_commands() {
    answer(FCI + "9000");
    answer("02 3100000000000002 3100 20491231 01 9000");
    answer("0000012C 02 20250601 9000");
    answer("000001F4 9000");

    CardOpening opening = open();

    assertThat(opening).isInstanceOf(CardOpening.Opened.class);
    var snapshot = ((CardOpening.Opened) opening).session().snapshot();
    assertThat(snapshot.cardNo()).isEqualTo("3100000000000002");
    assertThat(snapshot.unit()).isEqualTo(CardUnit.CENTI_M3);
    assertThat(snapshot.balance()).isEqualTo(500);
    assertThat(snapshot.meter().lowBattery()).isTrue();
    assertThat(channel.sent).hasSize(4);
  }

  @Test
  void a_card_without_the_application_is_unknown() {
    answer("6A82");
    assertRefused(open(), RefusalReason.UNKNOWN_CARD);
  }

  @Test
  void a_card_selecting_another_application_is_unknown() {
    answer("6F0A8408A000000333010101 9000");
    assertRefused(open(), RefusalReason.UNKNOWN_CARD);
  }

  @Test
  void a_locked_application_is_refused_at_select() {
    answer("9303");
    assertRefused(open(), RefusalReason.LOCKED);
  }

  @Test
  void a_locked_state_byte_is_refused() {
    answer(FCI + "9000");
    answer("01 3100000000000001 3100 20491231 02 9000");
    assertRefused(open(), RefusalReason.LOCKED);
  }

  @Test
  void a_tool_card_is_refused_after_reading_its_identity() {
    answer(FCI + "9000");
    answer("14 9900000000000009 3100 20491231 01 9000");
    assertRefused(open(), RefusalReason.TOOL_CARD);
    assertThat(channel.sent).hasSize(2);
  }

  @Test
  void an_expired_card_is_refused() {
    answer(FCI + "9000");
    answer("01 3100000000000001 3100 20260228 01 9000");
    assertRefused(open(), RefusalReason.EXPIRED);
  }

  @Test
  void a_card_never_put_into_a_meter_has_no_meter_record() {
    answer(FCI + "9000");
    answer(USER);
    answer("6A83");
    answer("000004B0 9000");
    CardOpening opening = open();
    assertThat(((CardOpening.Opened) opening).session().snapshot().meter().lastUse()).isNull();
  }

  @Test
  void garbage_answers_fail_with_a_message() {
    answer(FCI + "9000");
    answer("01 3100 9000");
    CardOpening opening = open();
    assertThat(opening).isInstanceOf(CardOpening.Failed.class);
    assertThat(((CardOpening.Failed) opening).message()).contains("identity file");
  }

  @Test
  void an_unexpected_status_word_fails() {
    answer(FCI + "9000");
    answer(USER);
    answer("0000012C 02 20250601 9000");
    answer("6581");
    assertThat(open()).isInstanceOf(CardOpening.Failed.class);
  }

  private static void assertRefused(CardOpening opening, RefusalReason reason) {
    assertThat(opening).isInstanceOf(CardOpening.Refused.class);
    assertThat(((CardOpening.Refused) opening).reason()).isEqualTo(reason);
  }
}
