package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gaskiosk.sim.card.CardBench.HOST_TIME;
import static org.gaskiosk.sim.card.CardBench.TERMINAL;

import java.util.concurrent.atomic.AtomicBoolean;
import org.gaskiosk.core.port.CardLogEntry;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.PurseSession;
import org.gaskiosk.core.port.TransactionProof;
import org.gaskiosk.hw.card.pboc.Hex;
import org.gaskiosk.sim.card.SimCardSlot.When;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Anti-tearing (card.md): a card pulled or powered off around INITIALIZE FOR LOAD (INS 50) or
 * CREDIT FOR LOAD (INS 52) is afterwards exactly "not applied" or exactly "applied", and its own
 * evidence (sequence, transaction proof, log) tells which.
 */
abstract class CardTearingSuite extends CardSuiteBase {
  private static final long AMOUNT = 250;

  @ParameterizedTest
  @EnumSource(When.class)
  void a_card_torn_during_initialize_for_load_is_unchanged_and_reported_removed(When when) {
    PurseSession session = bench.openPurse(MONEY);
    PurseImage before = bench.purse(MONEY);
    bench.slot.tearNext(0x50, when);

    assertThat(session.initializeForLoad(AMOUNT, TERMINAL)).isInstanceOf(CardResult.Removed.class);

    assertThat(bench.slot.insertedCardNo()).isEmpty();
    assertThat(bench.purse(MONEY)).isEqualTo(before);
  }

  @Test
  void a_card_torn_before_credit_applies_is_exactly_unchanged_and_has_no_proof() {
    PurseSession session = bench.openPurse(MONEY);
    PurseImage before = bench.purse(MONEY);
    LoadInit init = session.initializeForLoad(AMOUNT, TERMINAL).value();
    byte[] mac2 = bench.mac2(MONEY, init, AMOUNT, HOST_TIME);
    bench.slot.tearNext(0x52, When.BEFORE_APPLY);

    assertThat(session.creditForLoad(HOST_TIME, mac2)).isInstanceOf(CardResult.Removed.class);

    assertThat(bench.purse(MONEY)).isEqualTo(before);
    PurseSession again = bench.openPurse(MONEY);
    assertThat(again.snapshot().balance()).isEqualTo(1200);
    assertThat(again.transactionProve(init.sequence()).value()).isEmpty();
    assertThat(again.initializeForLoad(AMOUNT, TERMINAL).value().sequence())
        .isEqualTo(init.sequence());
  }

  @Test
  void a_card_torn_after_credit_applies_carries_the_load_and_its_proof() {
    PurseSession session = bench.openPurse(MONEY);
    PurseImage before = bench.purse(MONEY);
    LoadInit init = session.initializeForLoad(AMOUNT, TERMINAL).value();
    byte[] mac2 = bench.mac2(MONEY, init, AMOUNT, HOST_TIME);
    bench.slot.tearNext(0x52, When.AFTER_APPLY);

    assertThat(session.creditForLoad(HOST_TIME, mac2)).isInstanceOf(CardResult.Removed.class);

    assertThat(bench.purse(MONEY)).isEqualTo(applied(before, mac2));
    PurseSession again = bench.openPurse(MONEY);
    assertThat(again.snapshot().balance()).isEqualTo(1200 + AMOUNT);
    TransactionProof proof = again.transactionProve(init.sequence()).value().orElseThrow();
    assertThat(proof.tac()).isEqualTo(bench.expectedTac(MONEY, 1200 + AMOUNT, 0, AMOUNT));
    assertThat(proof.mac()).isEqualTo(mac2);
    assertThat(again.readLog().value())
        .containsExactly(
            new CardLogEntry(0, AMOUNT, CardLogEntry.TYPE_PURSE_LOAD, TERMINAL, HOST_TIME));
  }

  @ParameterizedTest
  @EnumSource(When.class)
  void power_lost_around_credit_leaves_the_card_on_disk_exactly_before_or_after(When when)
      throws Exception {
    PurseSession session = bench.openPurse(MONEY);
    PurseImage before = bench.purse(MONEY);
    LoadInit init = session.initializeForLoad(AMOUNT, TERMINAL).value();
    byte[] mac2 = bench.mac2(MONEY, init, AMOUNT, HOST_TIME);
    AtomicBoolean cut = cutPowerAt(0x52, when);

    assertPowerCut(cut, () -> session.creditForLoad(HOST_TIME, mac2));
    bench.restart();

    assertThat(bench.slot.insertedCardNo()).contains(MONEY);
    PurseImage expected = when == When.BEFORE_APPLY ? before : applied(before, mac2);
    assertThat(bench.purse(MONEY)).isEqualTo(expected);
    PurseSession again = bench.openPurse(MONEY);
    assertThat(again.snapshot().balance()).isEqualTo(expected.balance());
  }

  @Test
  void power_lost_after_initialize_for_load_changes_nothing_on_disk() throws Exception {
    PurseSession session = bench.openPurse(MONEY);
    PurseImage before = bench.purse(MONEY);
    AtomicBoolean cut = cutPowerAt(0x50, When.AFTER_APPLY);

    assertPowerCut(cut, () -> session.initializeForLoad(AMOUNT, TERMINAL));
    bench.restart();

    assertThat(bench.purse(MONEY)).isEqualTo(before);
  }

  private PurseImage applied(PurseImage before, byte[] mac2) {
    byte[] tac = bench.expectedTac(MONEY, before.balance() + AMOUNT, 0, AMOUNT);
    return before.loaded(
        AMOUNT,
        new PurseImage.LogRecord(0, AMOUNT, 0x02, TERMINAL, "20260301", "093015"),
        new PurseImage.Proof(0, Hex.encode(mac2), Hex.encode(tac)));
  }
}
