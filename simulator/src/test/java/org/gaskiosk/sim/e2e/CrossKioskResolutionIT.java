package org.gaskiosk.sim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.engine.KioskView;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.sim.card.SimCardInfo;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.gaskiosk.sim.central.UncertainLoad;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two kiosks, two journals, one central system, one card. Kiosk A's purchase is cut at a command of
 * the load (INITIALIZE or CREDIT FOR LOAD, the card torn or the power cut, before or after the card
 * applied it); the card then goes to kiosk B, which settles what A left (a pending credit as an
 * order, an uncertain load from the card's own evidence), and finally back to A, which must defer
 * to what was settled. The invariants of architecture.md are checked across both kiosks, the card
 * and the central ledger: every fen received is on the card exactly once, the card's sequence grew
 * once per load the central system counts, and nothing stays open anywhere.
 */
class CrossKioskResolutionIT extends CentralWorldTestBase {
  private static final class PowerCut extends Error {
    PowerCut() {
      super("power cut", null, false, false);
    }
  }

  static Stream<Arguments> cuts() {
    return Stream.of("tear", "power")
        .flatMap(
            how ->
                Stream.of(0x50, 0x52)
                    .flatMap(
                        ins ->
                            Stream.of(SimCardSlot.When.values())
                                .map(when -> Arguments.of(how, ins, when))));
  }

  @ParameterizedTest(name = "{0} at INS {1} {2}")
  @MethodSource("cuts")
  void a_load_cut_at_one_kiosk_is_settled_exactly_once_by_the_fleet(
      String how, int ins, SimCardSlot.When when) throws Exception {
    String tag = how.charAt(0) + Integer.toHexString(ins) + when.name().charAt(0);
    Path folderA = Files.createTempDirectory(root, "A" + tag);
    Path folderB = Files.createTempDirectory(root, "B" + tag);
    SimCardSlot slot = SimCardSlot.open(Files.createTempDirectory(root, "card" + tag), keys);
    SimCardInfo initial = info(slot);
    String kioskA = "KA" + tag;
    String kioskB = "KB" + tag;

    // 1. Kiosk A: a 50-yuan cash purchase, cut at the command.
    RealKiosk a = new RealKiosk(kioskA, folderA, slot, broker.uri(), CrashPoint.NONE);
    slot.insert(CARD);
    a.awaitScreen("account");
    a.done("start-purchase", Map.of());
    a.done("set-amount", Map.of("amount", 5000L));
    a.done("choose-payment", Map.of("method", "cash"));
    a.acceptor.insert(5000, false);
    if (how.equals("tear")) {
      slot.tearNext(ins, when);
      assertThat(a.done("finish-cash", Map.of()).screen()).isEqualTo("pending");
      drain(a);
      a.close();
    } else {
      AtomicBoolean cut = new AtomicBoolean();
      slot.onCommand(
          (i, phase) -> {
            if (i == ins && phase == when && cut.compareAndSet(false, true)) {
              throw new PowerCut();
            }
          });
      ActionOutcome o = a.engine.act("finish-cash", Map.of());
      assertThat(o).isInstanceOf(ActionOutcome.Rejected.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> !a.engine.isRunning());
      assertThat(a.engine.crash()).isInstanceOf(PowerCut.class);
      slot.onCommand(null);
      a.powerCut();
      slot.remove(); // the resident takes the card away from the dead kiosk
      // The power comes back without the card: recovery runs and the outbox reaches the central.
      RealKiosk again = new RealKiosk(kioskA, folderA, slot, broker.uri(), CrashPoint.NONE);
      drain(again);
      again.close();
    }
    assertThat(slot.insertedCardNo()).isEmpty();

    // 2. Kiosk B sees the card: what A left is settled here, from the card and the central.
    List<Txn> journalB;
    try (RealKiosk b = new RealKiosk(kioskB, folderB, slot, broker.uri(), CrashPoint.NONE)) {
      for (int visit = 0; visit < 3 && !settled(); visit++) {
        slot.insert(CARD);
        KioskView account = b.awaitScreen("account");
        if (!((List<?>) account.data().get("orders")).isEmpty()) {
          assertThat(b.done("load-orders", Map.of()).screen()).isEqualTo("done");
        }
        slot.remove();
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> List.of("idle", "done").contains(b.engine.view().screen()));
        drain(b);
      }
      assertThat(settled()).as("kiosk B settled what kiosk A left").isTrue();
      journalB = b.journal.all();
    }

    // 3. Back at kiosk A: its own journal must defer to what the fleet settled.
    try (RealKiosk back = new RealKiosk(kioskA, folderA, slot, broker.uri(), CrashPoint.NONE)) {
      slot.insert(CARD);
      back.awaitScreen("account");
      slot.remove();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> !back.engine.view().screen().equals("account"));
      drain(back);
      assertInvariants(slot, initial, back.journal.all(), journalB, kioskA, kioskB);
    }
  }

  /** Nothing of this card waits anywhere: no open order, no open uncertain load. */
  private static boolean settled() {
    LedgerSnapshot l = central.ledger();
    boolean openOrders =
        l.orders().values().stream()
            .anyMatch(
                o -> o.cardNo().equals(CARD) && o.status() != LedgerSnapshot.OrderStatus.PICKED_UP);
    boolean openUncertain =
        central.uncertainLoads().values().stream()
            .anyMatch(u -> u.cardNo().equals(CARD) && u.open());
    return !openOrders && !openUncertain;
  }

  private static void drain(RealKiosk k) {
    await().atMost(Duration.ofSeconds(15)).until(() -> k.journal.outbox().depth() == 0);
  }

  private static void assertInvariants(
      SimCardSlot slot,
      SimCardInfo initial,
      List<Txn> journalA,
      List<Txn> journalB,
      String kioskA,
      String kioskB) {
    for (List<Txn> j : List.of(journalA, journalB)) {
      assertThat(j)
          .allSatisfy(
              t ->
                  assertThat(t.state())
                      .isIn(TxnState.COMPLETED, TxnState.CANCELLED, TxnState.LOADED_ELSEWHERE));
    }
    long cash = Stream.concat(journalA.stream(), journalB.stream()).mapToLong(Txn::paid).sum();
    LedgerSnapshot l = central.ledger();
    List<LedgerSnapshot.Load> loads =
        l.loads().values().stream()
            .filter(x -> x.cardNo().equals(CARD))
            .filter(x -> x.kioskId().equals(kioskA) || x.kioskId().equals(kioskB))
            .toList();
    long loadedMoney = loads.stream().mapToLong(LedgerSnapshot.Load::money).sum();
    SimCardInfo now = info(slot);
    // 1. money received = value loaded (nothing pending, nothing refunded once settled)
    assertThat(cash).isEqualTo(5000);
    assertThat(loadedMoney).as("central: loads of this card").isEqualTo(cash);
    assertThat(now.balance()).as("card value").isEqualTo(initial.balance() + cash);
    // 2. the card's sequence grew by exactly the loads the central system counts
    assertThat(now.sequence()).isEqualTo(initial.sequence() + loads.size());
    // 3. every journaled event reached the central system, each counted once
    assertThat(l.loads().keySet()).doesNotHaveDuplicates();
    assertThat(settled()).isTrue();
    for (UncertainLoad u : central.uncertainLoads().values()) {
      if (u.cardNo().equals(CARD)) {
        assertThat(u.status()).isNotEqualTo("open");
      }
    }
  }

  private static SimCardInfo info(SimCardSlot slot) {
    return slot.list().stream().filter(c -> c.cardNo().equals(CARD)).findFirst().orElseThrow();
  }
}
