package org.gaskiosk.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.engine.FakeMemoryCard.Fault;
import org.gaskiosk.core.journal.Change;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.MemoryWriteLog;
import org.gaskiosk.core.journal.OutboxEvent;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnKind;
import org.gaskiosk.core.journal.TxnState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A purchase on an SLE4442 memory card through {@link MemoryCardLoad}, and every command of its
 * write torn before and after the card applied it, and the power cut at that point: the card's own
 * evidence decides, and the invariants hold (money received = value on the card + value pending;
 * the purchase count grows by exactly the loads; every outcome has its event).
 */
class MemoryCardLoadTest {
  private static final String CARD = "4200000000000004";
  private static final long AMOUNT = 1_500;
  private static final long MONEY = 5_175;

  private final String dbName = "mem" + UUID.randomUUID();
  private final FakeMemoryCard card = new FakeMemoryCard(CARD, 3);
  private final FakeCardService central = new FakeCardService();
  private final FakeDevices.Printer printer = new FakeDevices.Printer();
  private JournalDatabase db;
  private RechargeJournal journal;
  private MemoryCardLoad loads;

  private void boot() {
    db = JournalDatabase.openInMemory(dbName);
    journal = new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);
    KioskConfig config = KioskConfig.defaults("K1", "001122334455");
    LoadProcedure purse = new LoadProcedure(config, Clock.systemUTC(), journal, central, printer);
    loads = new MemoryCardLoad(journal, new MemoryWriteLog(db), central, purse);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private Txn paidPurchase() {
    Txn t =
        journal.create(
            TxnKind.PURCHASE,
            new CardSnapshot(CARD, CardFamily.SLE4442, CardUnit.CENTI_M3, 0, MeterRecord.NONE),
            "001122334455",
            List.of());
    journal.apply(t.txnId(), Change.to(TxnState.QUOTED).set("amount", AMOUNT).set("money", MONEY));
    journal.creditBanknote(t.txnId(), "n1", MONEY);
    return journal.apply(t.txnId(), Change.to(TxnState.PAID));
  }

  private List<String> eventsOf(String txnId) {
    List<String> types = new ArrayList<>();
    for (OutboxEvent e : journal.outbox().after(0, 1000)) {
      if (e.bodyJson().contains(txnId)) {
        types.add(e.type());
      }
    }
    return types;
  }

  @Test
  void a_purchase_writes_backup_gas_area_psc_then_count_after_presenting_the_psc_once() {
    boot();
    Txn t = paidPurchase();

    LoadOutcome outcome = loads.load(t, card);

    assertThat(outcome).isInstanceOf(LoadOutcome.Loaded.class);
    assertThat(journal.find(t.txnId()).orElseThrow().state()).isEqualTo(TxnState.COMPLETED);
    assertThat(card.commands)
        .containsExactly("read", "read", "psc?", "write@54", "write@50", "psc!", "write@48");
    assertThat(card.purchaseCount()).isEqualTo(4);
    assertThat(card.gasArea(0x32)).isEqualTo(AMOUNT);
    assertThat(card.gasArea(0x36)).isEqualTo(AMOUNT);
    assertThat(FakeMemoryCard.HEX.formatHex(card.psc)).isEqualTo("10015A");
    assertThat(eventsOf(t.txnId())).contains("txn.writing", "txn.completed");
  }

  @Test
  void a_wrong_psc_is_presented_once_and_the_paid_money_waits_as_a_pending_credit() {
    boot();
    card.psc = FakeMemoryCard.HEX.parseHex("123456"); // the card was changed outside the system
    Txn t = paidPurchase();

    LoadOutcome outcome = loads.load(t, card);

    assertThat(outcome).isInstanceOf(LoadOutcome.Pending.class);
    assertThat(outcome.txn().reason()).startsWith("psc-refused");
    assertThat(card.triesLeft).isEqualTo(2);
    assertThat(card.commands.stream().filter("psc?"::equals)).hasSize(1);
    assertThat(card.purchaseCount()).isEqualTo(3);
    assertThat(eventsOf(t.txnId())).endsWith("memcard.psc-kept", "txn.pending");

    // The card comes back: the pending credit is tried again, but no PSC is presented.
    card.reinsert();
    Txn again = journal.apply(t.txnId(), Change.to(TxnState.PAID).detail("card inserted again"));
    assertThat(loads.load(again, card)).isInstanceOf(LoadOutcome.Pending.class);
    assertThat(card.triesLeft).isEqualTo(2);
    assertThat(card.commands.stream().filter("psc?"::equals)).hasSize(1);
    assertThat(journal.find(t.txnId()).orElseThrow().reason()).startsWith("psc-tries-spent");
  }

  @Test
  void a_card_refusing_both_candidate_pscs_is_never_locked_and_never_presented_again() {
    boot();
    Txn t = paidPurchase();
    card.faultAt(3, Fault.TORN_BEFORE); // the PSC changed, the count never written
    assertThat(loads.load(t, card)).isInstanceOf(LoadOutcome.Uncertain.class);
    card.psc = FakeMemoryCard.HEX.parseHex("123456"); // and then changed outside the system
    card.reinsert();
    int presentedBefore = card.presented.size();

    LoadOutcome outcome = loads.resolveUncertain(journal.find(t.txnId()).orElseThrow(), card);

    // Each candidate once, the interrupted load's PSC first; the last try is never spent.
    assertThat(card.presented.subList(presentedBefore, card.presented.size()))
        .containsExactly("10015A", "FFFFFF");
    assertThat(card.triesLeft).isEqualTo(1);
    assertThat(outcome).isInstanceOf(LoadOutcome.Pending.class);
    assertThat(outcome.txn().reason()).startsWith("psc-refused");
    assertThat(card.purchaseCount()).isEqualTo(3);

    // The card comes back: a spent try means someone must decide; nothing is presented.
    card.reinsert();
    Txn again = journal.apply(t.txnId(), Change.to(TxnState.PAID).detail("card inserted again"));
    assertThat(loads.load(again, card)).isInstanceOf(LoadOutcome.Pending.class);
    assertThat(card.presented).hasSize(presentedBefore + 2);
    assertThat(card.triesLeft).isEqualTo(1);
    assertThat(journal.find(t.txnId()).orElseThrow().reason()).startsWith("psc-tries-spent");
  }

  static Stream<Arguments> everyCommandAndFault() {
    List<Arguments> all = new ArrayList<>();
    String[] steps = {"backup", "gas", "psc", "count"};
    for (int i = 0; i < steps.length; i++) {
      for (Fault f : Fault.values()) {
        all.add(Arguments.of(i, steps[i], f));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{1} {2}")
  @MethodSource("everyCommandAndFault")
  void an_interrupted_write_is_decided_from_the_card_and_never_written_blindly(
      int step, String what, Fault fault) {
    boot();
    Txn t = paidPurchase();
    card.faultAt(step, fault);

    boolean powerCut = fault == Fault.POWER_BEFORE || fault == Fault.POWER_AFTER;
    if (powerCut) {
      assertThatThrownBy(() -> loads.load(t, card)).isInstanceOf(FakeMemoryCard.PowerCut.class);
      db.abandon();
      boot(); // the same journal, a new controller
    } else {
      assertThat(loads.load(t, card)).isInstanceOf(LoadOutcome.Uncertain.class);
    }
    Txn uncertain = journal.find(t.txnId()).orElseThrow();
    assertThat(uncertain.state()).isEqualTo(TxnState.WRITING);

    card.reinsert();
    int commandsBefore = card.commands.size();
    LoadOutcome resolved = loads.resolveUncertain(uncertain, card);
    List<String> after = card.commands.subList(commandsBefore, card.commands.size());
    Txn end = journal.find(t.txnId()).orElseThrow();

    // The first command after re-insertion is always a read of the evidence.
    assertThat(after.get(0)).isEqualTo("read");
    boolean countLanded = step == 3 && (fault == Fault.TORN_AFTER || fault == Fault.POWER_AFTER);
    if (countLanded) {
      // The card shows the new count: loaded, nothing written again.
      assertThat(resolved).isInstanceOf(LoadOutcome.Loaded.class);
      assertThat(after).containsExactly("read");
    } else {
      // Not applied: written again with the same service answer. The card may hold the old PSC
      // or the new one (the central names both): each presented at most once, new first.
      assertThat(resolved).isInstanceOf(LoadOutcome.Loaded.class);
      assertThat(after).contains("psc?", "write@48");
      List<String> presented =
          card.presented.subList(
              card.presented.size() - (int) after.stream().filter("psc?"::equals).count(),
              card.presented.size());
      assertThat(presented).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(2);
      assertThat(presented.get(0)).isEqualTo("10015A");
    }
    assertThat(card.triesLeft).isEqualTo(3);

    // Invariant 1: money received = value loaded + value pending.
    long loaded = end.state() == TxnState.COMPLETED ? card.gasArea(0x32) : 0;
    long pendingMoney = end.state() == TxnState.PENDING_CREDIT ? end.paid() : 0;
    assertThat(end.paid()).isEqualTo(MONEY);
    long loadedMoney = loaded == AMOUNT ? MONEY : 0;
    assertThat(loadedMoney + pendingMoney).isEqualTo(MONEY);
    assertThat(end.state()).isIn(TxnState.COMPLETED, TxnState.PENDING_CREDIT);
    // Invariant 2: the purchase count grew by exactly the number of loads.
    assertThat(card.purchaseCount()).isEqualTo(end.state() == TxnState.COMPLETED ? 4 : 3);
    if (end.state() == TxnState.COMPLETED) {
      assertThat(card.gasArea(0x36)).isEqualTo(card.gasArea(0x32));
    }
    // Invariant 3 (the kiosk's half): each outcome is journaled with its event exactly once.
    List<String> events = eventsOf(t.txnId());
    assertThat(events.stream().filter("txn.writing"::equals).count()).isGreaterThanOrEqualTo(1);
    assertThat(
            events.stream()
                .filter(e -> e.equals("txn.completed") || e.equals("txn.pending"))
                .count())
        .isEqualTo(1);
  }
}
