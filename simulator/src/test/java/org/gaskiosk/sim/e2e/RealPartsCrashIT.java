package org.gaskiosk.sim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.sim.card.SimCardInfo;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash matrix with the real parts: the simulated purse card doing real 3DES behind
 * javax.smartcardio, the central simulator's HSM and ledger over MQTT, the journal on disk. The
 * power is cut at every journal commit and around every card command of a cash purchase; a fresh
 * controller over the same journal, card and central then sees the card again, and the invariants
 * of architecture.md are checked across kiosk, card and central ledger.
 */
class RealPartsCrashIT extends CentralWorldTestBase {
  private static final class PowerCut extends Error {
    PowerCut(String at) {
      super("power cut at " + at, null, false, false);
    }
  }

  /** Counts crash points and cuts at number {@code cutAt} (never when -1). */
  private static final class Switch {
    final List<String> seen = new ArrayList<>();
    final AtomicInteger n = new AtomicInteger();
    final int cutAt;

    Switch(int cutAt) {
      this.cutAt = cutAt;
    }

    void reached(String point) {
      seen.add(point);
      if (n.getAndIncrement() == cutAt) {
        throw new PowerCut(point);
      }
    }
  }

  private static void purchase(RealKiosk k) {
    k.slot.insert(CARD);
    k.awaitScreen("account");
    k.done("start-purchase", Map.of());
    k.done("set-amount", Map.of("amount", 5000L));
    k.done("choose-payment", Map.of("method", "cash"));
    for (long note : new long[] {2000, 2000, 1000}) {
      k.acceptor.insert(note, false);
    }
    k.done("finish-cash", Map.of());
  }

  private static RealKiosk kiosk(String id, Path folder, SimCardSlot slot, Switch s)
      throws Exception {
    slot.onCommand((ins, phase) -> s.reached(String.format("card:%02X:%s", ins, phase)));
    return new RealKiosk(id, folder, slot, broker.uri(), s::reached);
  }

  static Stream<Arguments> crashPoints() throws Exception {
    Path folder = Files.createTempDirectory(root, "record");
    Switch s = new Switch(-1);
    SimCardSlot slot = SimCardSlot.open(folder.resolve("cards"), keys);
    try (RealKiosk k = kiosk("REC", folder, slot, s)) {
      purchase(k);
    }
    return IntStream.range(0, s.seen.size()).mapToObj(i -> Arguments.of(i, s.seen.get(i)));
  }

  @ParameterizedTest(name = "power cut at #{0} {1}")
  @MethodSource("crashPoints")
  void a_power_cut_anywhere_loses_no_money_loads_nothing_twice_and_central_hears_everything(
      int index, String point) throws Exception {
    String kioskId = "CRASH" + index;
    Path folder = Files.createTempDirectory(root, kioskId);
    SimCardSlot slot = SimCardSlot.open(folder.resolve("cards"), keys);
    SimCardInfo initial = info(slot);

    RealKiosk crashed = kiosk(kioskId, folder, slot, new Switch(index));
    try {
      purchase(crashed);
    } catch (RuntimeException | AssertionError expected) {
      // the controller died mid-purchase
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !crashed.engine.isRunning());
    assertThat(crashed.engine.crash()).isInstanceOf(PowerCut.class);
    crashed.powerCut();

    try (RealKiosk restarted = kiosk(kioskId, folder, slot, new Switch(-1))) {
      if (slot.insertedCardNo().isEmpty()) {
        slot.insert(CARD);
      }
      restarted.awaitScreen("account");
      assertInvariants(restarted, slot, initial, kioskId);
    }
  }

  @ParameterizedTest(name = "card pulled during INS {0} {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "50,BEFORE_APPLY",
    "50,AFTER_APPLY",
    "52,BEFORE_APPLY",
    "52,AFTER_APPLY"
  })
  void a_card_torn_during_a_load_command_is_loaded_exactly_once_at_reinsertion(
      String ins, SimCardSlot.When when) throws Exception {
    String kioskId = "TEAR" + ins + when.name().charAt(0);
    Path folder = Files.createTempDirectory(root, kioskId);
    SimCardSlot slot = SimCardSlot.open(folder.resolve("cards"), keys);
    SimCardInfo initial = info(slot);
    try (RealKiosk k = kiosk(kioskId, folder, slot, new Switch(-1))) {
      slot.insert(CARD);
      k.awaitScreen("account");
      k.done("start-purchase", Map.of());
      k.done("set-amount", Map.of("amount", 5000L));
      k.done("choose-payment", Map.of("method", "cash"));
      k.acceptor.insert(5000, false);
      slot.tearNext(Integer.parseInt(ins, 16), when);

      assertThat(k.done("finish-cash", Map.of()).screen()).isEqualTo("pending");
      assertThat(slot.insertedCardNo()).isEmpty();

      slot.insert(CARD);
      k.awaitScreen("account");
      assertInvariants(k, slot, initial, kioskId);
      assertThat(info(slot).balance()).isEqualTo(initial.balance() + 5000);
    }
  }

  private static SimCardInfo info(SimCardSlot slot) {
    return slot.list().stream().filter(c -> c.cardNo().equals(CARD)).findFirst().orElseThrow();
  }

  private static void assertInvariants(
      RealKiosk k, SimCardSlot slot, SimCardInfo initial, String kioskId) {
    List<Txn> all = k.journal.all();
    assertThat(all)
        .allSatisfy(t -> assertThat(t.state()).isIn(TxnState.COMPLETED, TxnState.CANCELLED));
    long received = all.stream().mapToLong(Txn::paid).sum();
    List<Txn> completed = all.stream().filter(t -> t.state() == TxnState.COMPLETED).toList();
    long loaded = completed.stream().mapToLong(Txn::money).sum();
    SimCardInfo now = info(slot);
    // 1. money received = value loaded (+ pending + refunded, both zero once the card was seen
    // again)
    assertThat(loaded).isEqualTo(received);
    // 2. the card grew by exactly its loads, its sequence by their number
    assertThat(now.balance()).isEqualTo(initial.balance() + loaded);
    assertThat(now.sequence()).isEqualTo(initial.sequence() + completed.size());
    // 3. every journaled event reaches the central system, which counts each once
    await().atMost(Duration.ofSeconds(15)).until(() -> k.journal.outbox().depth() == 0);
    LedgerSnapshot ledger = central.ledger();
    for (Txn t : completed) {
      assertThat(ledger.loads()).containsKey(t.txnId());
      assertThat(ledger.loads().get(t.txnId()).money()).isEqualTo(t.money());
    }
    long centralCash =
        ledger.payments().values().stream()
            .flatMap(List::stream)
            .filter(p -> p.kioskId().equals(kioskId))
            .mapToLong(LedgerSnapshot.Payment::value)
            .sum();
    assertThat(centralCash).as("cash the central system counted").isEqualTo(received);
  }
}
