package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.MemoryCardSession;
import org.gaskiosk.core.port.MemoryCardSession.PscCheck;
import org.gaskiosk.hw.card.StatusWords;
import org.gaskiosk.hw.card.pboc.Hex;
import org.junit.jupiter.api.Test;

/**
 * The SLE4442 memory card through the ACR38-style pseudo-APDUs, with the production reader over a
 * transport: raw reads without a PSC, the PSC error counter (three tries, spent before comparing,
 * restored by the right PSC, none left = locked for ever), writes and PSC changes only after the
 * right PSC, and tearing of the commands that change the card.
 */
abstract class MemoryCardSuite extends CardSuiteBase {
  static final String SLE = SimCardFixtures.SLE4442.cardNo();
  static final byte[] PSC = Hex.decode(MemoryImage.DEFAULT_PSC);
  static final byte[] WRONG = Hex.decode("123456");

  MemoryCardSession open() {
    bench.insert(SLE);
    CardResult<MemoryCardSession> r = bench.reader.openMemoryCard();
    assertThat(r.isOk()).as("open: %s", r.describe()).isTrue();
    return r.value();
  }

  MemoryImage image() {
    return (MemoryImage) bench.slot.image(SLE).orElseThrow();
  }

  @Test
  void the_raw_card_is_read_without_a_psc() {
    try (MemoryCardSession card = open()) {
      byte[] user = card.read(0x20, 32).value();
      assertThat(user[0] & 0xFF).as("user card flag").isEqualTo(0xDD);
      assertThat(Hex.encode(java.util.Arrays.copyOfRange(user, 1, 9))).isEqualTo(SLE);
      assertThat(((user[0x10] & 0xFF) << 8) | (user[0x11] & 0xFF))
          .as("purchase count")
          .isEqualTo(3);
      assertThat(card.pscTriesLeft().value()).isEqualTo(3);
    }
  }

  @Test
  void a_wrong_psc_spends_one_try_and_the_right_one_restores_all_three() {
    try (MemoryCardSession card = open()) {
      assertThat(card.presentPsc(WRONG).value()).isEqualTo(new PscCheck(false, 2));
      assertThat(card.pscTriesLeft().value()).isEqualTo(2);
      assertThat(image().pscTriesLeft()).as("spent on the card itself").isEqualTo(2);
      assertThat(card.presentPsc(PSC).value()).isEqualTo(new PscCheck(true, 3));
      assertThat(image().pscTriesLeft()).isEqualTo(3);
    }
  }

  @Test
  void three_wrong_pscs_lock_the_card_for_ever_even_against_the_right_psc() throws Exception {
    try (MemoryCardSession card = open()) {
      assertThat(card.presentPsc(WRONG).value().triesLeft()).isEqualTo(2);
      assertThat(card.presentPsc(WRONG).value().triesLeft()).isEqualTo(1);
      PscCheck third = card.presentPsc(WRONG).value();
      assertThat(third.locked()).isTrue();
      PscCheck right = card.presentPsc(PSC).value();
      assertThat(right.accepted()).isFalse();
      assertThat(right.locked()).isTrue();
      assertThat(card.write(0x30, new byte[] {0, 4})).isInstanceOf(CardResult.Refused.class);
    }
    bench.remove();
    bench.restart();
    try (MemoryCardSession card = open()) {
      assertThat(card.pscTriesLeft().value()).as("locked across power and restarts").isZero();
      assertThat(card.presentPsc(PSC).value().locked()).isTrue();
    }
  }

  @Test
  void writing_needs_the_right_psc_in_the_same_power_session() {
    MemoryImage before = image();
    try (MemoryCardSession card = open()) {
      CardResult<Void> refused = card.write(0x30, new byte[] {0, 4});
      assertThat(refused).isInstanceOf(CardResult.Refused.class);
      assertThat(((CardResult.Refused<Void>) refused).statusWord())
          .isEqualTo(StatusWords.SECURITY_STATUS);
      assertThat(image()).isEqualTo(before);
      assertThat(card.presentPsc(PSC).value().accepted()).isTrue();
      assertThat(card.write(0x30, new byte[] {0, 4}).isOk()).isTrue();
      assertThat(card.read(0x30, 2).value()).containsExactly(0, 4);
      assertThat(card.write(0x00, new byte[] {0}))
          .as("the header is write-protected")
          .isInstanceOf(CardResult.Refused.class);
    }
    bench.remove();
    try (MemoryCardSession again = open()) {
      assertThat(again.write(0x30, new byte[] {0, 5}))
          .as("a new power session starts locked again")
          .isInstanceOf(CardResult.Refused.class);
      assertThat(image().purchaseCount()).isEqualTo(4);
    }
  }

  @Test
  void a_changed_psc_replaces_the_old_one() {
    byte[] next = Hex.decode("A1B2C3");
    try (MemoryCardSession card = open()) {
      assertThat(card.changePsc(next)).isInstanceOf(CardResult.Refused.class);
      assertThat(card.presentPsc(PSC).value().accepted()).isTrue();
      assertThat(card.changePsc(next).isOk()).isTrue();
    }
    bench.remove();
    try (MemoryCardSession card = open()) {
      assertThat(card.presentPsc(PSC).value()).isEqualTo(new PscCheck(false, 2));
      assertThat(card.presentPsc(next).value().accepted()).isTrue();
    }
  }

  @Test
  void a_wrong_psc_torn_after_the_card_counted_it_has_spent_its_try() throws Exception {
    MemoryCardSession card = open();
    AtomicBoolean cut = cutPowerAt(0x20, SimCardSlot.When.AFTER_APPLY);
    assertPowerCut(cut, () -> card.presentPsc(WRONG));
    bench.restart();
    assertThat(image().pscTriesLeft()).isEqualTo(2);
  }

  @Test
  void a_write_torn_before_the_card_applied_it_leaves_the_memory_as_it_was() throws Exception {
    MemoryImage before = image();
    MemoryCardSession card = open();
    assertThat(card.presentPsc(PSC).value().accepted()).isTrue();
    AtomicBoolean cut = cutPowerAt(0xD0, SimCardSlot.When.BEFORE_APPLY);
    assertPowerCut(cut, () -> card.write(0x30, new byte[] {0, 4}));
    bench.restart();
    assertThat(image().memory()).isEqualTo(before.memory());
  }

  @Test
  void a_write_torn_after_the_card_applied_it_is_on_the_card() throws Exception {
    MemoryCardSession card = open();
    assertThat(card.presentPsc(PSC).value().accepted()).isTrue();
    AtomicBoolean cut = cutPowerAt(0xD0, SimCardSlot.When.AFTER_APPLY);
    assertPowerCut(cut, () -> card.write(0x30, new byte[] {0, 4}));
    bench.restart();
    assertThat(image().purchaseCount()).isEqualTo(4);
  }
}
