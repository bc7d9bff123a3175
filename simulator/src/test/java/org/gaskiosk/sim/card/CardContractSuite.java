package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gaskiosk.sim.card.CardBench.HOST_TIME;
import static org.gaskiosk.sim.card.CardBench.TERMINAL;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.port.CardLogEntry;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardOpening.RefusalReason;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.PurseSession;
import org.gaskiosk.core.port.TransactionProof;
import org.gaskiosk.hw.card.Bcd;
import org.gaskiosk.hw.card.CardType;
import org.gaskiosk.hw.card.PurseCommands;
import org.gaskiosk.hw.card.pboc.PbocAlgorithm;
import org.gaskiosk.hw.card.pboc.PbocCrypto;
import org.junit.jupiter.api.Test;

/**
 * The card contract: the production reader against the simulated cards, over whichever transport a
 * subclass attaches. Facts from shared/design/card.md; docs/card-profile.md for the layout.
 */
abstract class CardContractSuite extends CardSuiteBase {

  @Test
  void fixture_purse_cards_open_with_balance_unit_and_meter_record() {
    CardSnapshot money = snapshotOf(MONEY);
    assertThat(money.balance()).isEqualTo(1200);
    assertThat(money.unit()).isEqualTo(CardUnit.FEN);
    assertThat(money.meter().remaining()).isEqualTo(300);
    assertThat(money.meter().lastUse()).isEqualTo(LocalDate.of(2026, 2, 20));

    CardSnapshot volume = snapshotOf(SimCardFixtures.VOLUME_PURSE.cardNo());
    assertThat(volume.unit()).isEqualTo(CardUnit.CENTI_M3);
    assertThat(volume.balance()).isEqualTo(500);

    assertThat(snapshotOf(SimCardFixtures.SAFETY_HOLD_PURSE.cardNo()).meter().hasAlarm()).isFalse();
    assertThat(snapshotOf(SimCardFixtures.LOW_BATTERY_PURSE.cardNo()).meter().lowBattery())
        .isTrue();
    assertThat(money.meter().untakenLoad()).isFalse();
    assertThat(snapshotOf(SimCardFixtures.UNTAKEN_LOAD_PURSE.cardNo()).meter().untakenLoad())
        .as("meter flag bit 4: a load the meter has not taken")
        .isTrue();
  }

  @Test
  void a_setting_card_is_refused_as_a_tool_card() {
    assertRefused(
        bench.insertAndOpen(SimCardFixtures.SETTING_CARD.cardNo()), RefusalReason.TOOL_CARD);
  }

  @Test
  void an_sle4442_memory_card_opens_with_its_number_and_what_waits_for_the_meter() {
    CardOpening opening = bench.insertAndOpen(SimCardFixtures.SLE4442.cardNo());

    assertThat(opening).isInstanceOf(CardOpening.MemoryOpened.class);
    CardOpening.MemoryOpened m = (CardOpening.MemoryOpened) opening;
    assertThat(m.snapshot().cardNo()).isEqualTo(SimCardFixtures.SLE4442.cardNo());
    assertThat(m.snapshot().balance()).isZero();
    assertThat(m.snapshot().meter().remaining()).isEqualTo(500);
    assertThat(m.snapshot().meter().untakenLoad()).isFalse();
    m.session().close();
  }

  @Test
  void a_card_without_our_application_is_refused_as_unknown() {
    bench.slot.addCard(OtherCardImage.foreignApplication("6222000000000007"));
    assertRefused(bench.insertAndOpen("6222000000000007"), RefusalReason.UNKNOWN_CARD);
  }

  @Test
  void a_card_that_does_not_answer_is_refused_as_mute() {
    bench.slot.addCard(OtherCardImage.mute("0000000000000008"));
    assertRefused(bench.insertAndOpen("0000000000000008"), RefusalReason.MUTE);
  }

  @Test
  void an_expired_card_is_refused_as_expired() {
    bench.slot.addCard(
        PurseImage.issue(
                CardType.USER_MONEY_PURSE, "3100000000000009", 100, PurseImage.Meter.NEVER_USED)
            .withExpiry(LocalDate.of(2026, 2, 28)));
    assertRefused(bench.insertAndOpen("3100000000000009"), RefusalReason.EXPIRED);
  }

  @Test
  void a_locked_card_is_refused_as_locked() {
    bench.slot.addCard(
        PurseImage.issue(
                CardType.USER_MONEY_PURSE, "3100000000000010", 100, PurseImage.Meter.NEVER_USED)
            .withLocked(true));
    assertRefused(bench.insertAndOpen("3100000000000010"), RefusalReason.LOCKED);
  }

  @Test
  void an_empty_slot_opens_as_removed() {
    assertThat(bench.reader.open()).isInstanceOf(CardOpening.Removed.class);
  }

  @Test
  void waiting_for_a_card_returns_when_it_is_inserted_and_removed() throws Exception {
    assertThat(bench.reader.awaitPresence(true, Duration.ofMillis(20))).isFalse();
    CompletableFuture<Boolean> inserted = waitAsync(true);
    bench.slot.insert(MONEY);
    assertThat(inserted.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(bench.reader.awaitPresence(true, Duration.ZERO)).isTrue();
    CompletableFuture<Boolean> removed = waitAsync(false);
    bench.slot.remove();
    assertThat(removed.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void a_load_takes_six_commands_and_leaves_tac_balance_sequence_log_and_proof() {
    List<Integer> commands = new CopyOnWriteArrayList<>();
    bench.slot.onCommand(
        (ins, phase) -> {
          if (phase == SimCardSlot.When.BEFORE_APPLY) {
            commands.add(ins);
          }
        });
    PurseSession session = bench.openPurse(MONEY);
    LoadInit init = session.initializeForLoad(250, TERMINAL).value();
    assertThat(init.oldBalance()).isEqualTo(1200);
    assertThat(init.sequence()).isZero();

    byte[] tac = session.creditForLoad(HOST_TIME, bench.mac2(MONEY, init, 250, HOST_TIME)).value();

    assertThat(commands).containsExactly(0xA4, 0xB0, 0xB2, 0x5C, 0x50, 0x52);
    assertThat(tac).isEqualTo(bench.expectedTac(MONEY, 1450, 0, 250));
    assertThat(session.balance().value()).isEqualTo(1450);
    assertThat(bench.purse(MONEY).onlineSequence()).isEqualTo(1);
    assertThat(session.readLog().value())
        .containsExactly(
            new CardLogEntry(0, 250, CardLogEntry.TYPE_PURSE_LOAD, TERMINAL, HOST_TIME));
    TransactionProof proof = session.transactionProve(0).value().orElseThrow();
    assertThat(proof.tac()).isEqualTo(tac);
    assertThat(session.transactionProve(1).value()).isEmpty();
    session.close();
  }

  @Test
  void an_sm4_card_names_sm4_in_initialize_for_load_and_loads_with_sm4_macs() {
    String sm4 = SimCardFixtures.SM4_PURSE.cardNo();
    assertThat(bench.purse(sm4).algorithm()).isEqualTo(PbocAlgorithm.SM4);
    PurseSession session = bench.openPurse(sm4);
    LoadInit init = session.initializeForLoad(250, TERMINAL).value();
    assertThat(init.algorithmId()).isEqualTo(PbocAlgorithm.SM4.id());
    long before = init.oldBalance();

    byte[] tac = session.creditForLoad(HOST_TIME, bench.mac2(sm4, init, 250, HOST_TIME)).value();

    assertThat(tac).isEqualTo(bench.expectedTac(sm4, before + 250, 0, 250));
    assertThat(bench.purse(sm4).balance()).isEqualTo(before + 250);
    session.close();
  }

  @Test
  void a_3des_mac2_is_refused_by_an_sm4_card_and_changes_nothing() {
    String sm4 = SimCardFixtures.SM4_PURSE.cardNo();
    PurseSession session = bench.openPurse(sm4);
    LoadInit init = session.initializeForLoad(250, TERMINAL).value();
    LoadInit pretending3des =
        new LoadInit(
            init.oldBalance(),
            init.sequence(),
            init.keyVersion(),
            PbocAlgorithm.TRIPLE_DES.id(),
            init.random(),
            init.mac1());
    PurseImage before = bench.purse(sm4);
    assertThatThrownBy(() -> bench.mac2(sm4, pretending3des, 250, HOST_TIME))
        .as("an SM4 MAC1 does not verify as 3DES")
        .isInstanceOf(AssertionError.class);
    byte[] wrong =
        PbocCrypto.mac2(
            PbocCrypto.sessionLoadKey(bench.keys.loadKeyFor(sm4), init.random(), init.sequence()),
            250,
            PbocCrypto.TYPE_PURSE,
            PurseCommands.terminal(TERMINAL),
            Bcd.date(HOST_TIME.toLocalDate()),
            Bcd.time(HOST_TIME.toLocalTime()));
    assertThat(session.creditForLoad(HOST_TIME, wrong)).isInstanceOf(CardResult.Refused.class);
    assertThat(bench.purse(sm4)).isEqualTo(before);
    session.close();
  }

  @Test
  void a_second_load_uses_the_next_sequence() {
    PurseSession session = bench.openPurse(MONEY);
    load(session, 100);
    LoadInit second = session.initializeForLoad(50, TERMINAL).value();
    assertThat(second.sequence()).isEqualTo(1);
    assertThat(second.oldBalance()).isEqualTo(1300);
  }

  @Test
  void the_cyclic_log_keeps_the_ten_newest_loads_and_only_their_proofs() {
    PurseSession session = bench.openPurse(MONEY);
    for (int i = 1; i <= 12; i++) {
      load(session, i);
    }
    assertThat(session.readLog().value())
        .extracting(CardLogEntry::sequence)
        .containsExactly(11, 10, 9, 8, 7, 6, 5, 4, 3, 2);
    assertThat(session.transactionProve(1).value()).isEmpty();
    assertThat(session.transactionProve(2).value()).isPresent();
    assertThat(session.balance().value()).isEqualTo(1200 + 78);
  }

  @Test
  void opening_again_closes_the_previous_session_and_reads_the_card_afresh() {
    PurseSession first = bench.openPurse(MONEY);
    load(first, 10);
    CardOpening again = bench.reader.open();
    assertThat(((CardOpening.Opened) again).session().snapshot().balance()).isEqualTo(1210);
  }

  @Test
  void a_wrong_mac2_is_refused_and_changes_nothing() {
    PurseSession session = bench.openPurse(MONEY);
    PurseImage before = bench.purse(MONEY);
    session.initializeForLoad(250, TERMINAL).value();

    CardResult<byte[]> r = session.creditForLoad(HOST_TIME, new byte[] {1, 2, 3, 4});

    assertThat(r).isInstanceOf(CardResult.Refused.class);
    assertThat(((CardResult.Refused<byte[]>) r).statusWord()).isEqualTo(0x9302);
    assertThat(bench.purse(MONEY)).isEqualTo(before);
  }

  @Test
  void credit_without_initialize_in_the_same_card_session_is_refused() {
    PurseSession first = bench.openPurse(MONEY);
    LoadInit init = first.initializeForLoad(250, TERMINAL).value();
    byte[] mac2 = bench.mac2(MONEY, init, 250, HOST_TIME);
    first.close();
    bench.remove();
    PurseSession second = bench.openPurse(MONEY);

    CardResult<byte[]> r = second.creditForLoad(HOST_TIME, mac2);

    assertThat(r).isInstanceOf(CardResult.Refused.class);
    assertThat(bench.purse(MONEY).balance()).isEqualTo(1200);
  }

  @Test
  void a_load_beyond_the_balance_limit_is_refused() {
    PurseSession session = bench.openPurse(MONEY);
    assertThat(session.initializeForLoad(PurseImage.DEFAULT_BALANCE_LIMIT, TERMINAL))
        .isInstanceOf(CardResult.Refused.class);
  }

  @Test
  void a_new_slot_over_the_same_folder_carries_the_cards_and_the_inserted_card() throws Exception {
    PurseSession session = bench.openPurse(MONEY);
    load(session, 300);
    bench.restart();

    assertThat(bench.slot.insertedCardNo()).contains(MONEY);
    assertThat(bench.slot.list())
        .filteredOn(c -> c.cardNo().equals(MONEY))
        .singleElement()
        .isEqualTo(new SimCardInfo(MONEY, "purse", "fen", 1500, 1, null, true));
    CardOpening reopened = bench.reader.open();
    assertThat(((CardOpening.Opened) reopened).session().snapshot().balance()).isEqualTo(1500);
  }

  private CompletableFuture<Boolean> waitAsync(boolean present) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return bench.reader.awaitPresence(present, Duration.ofSeconds(10));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
  }
}
