package org.gaskiosk.sim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.engine.KioskConfig;
import org.gaskiosk.core.engine.KioskEngine;
import org.gaskiosk.core.engine.KioskView;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.port.Indicators;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.core.port.ReceiptPrinter;
import org.gaskiosk.core.uplink.InMemoryUplink;
import org.gaskiosk.hw.card.PcscCardReader;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.MemoryImage;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.card.SimTerminalProvider;
import org.gaskiosk.sim.central.Account;
import org.gaskiosk.sim.central.InProcessCentral;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.gaskiosk.sim.central.LoadKeys;
import org.gaskiosk.sim.central.MemoryCardRecord;
import org.gaskiosk.sim.central.UncertainLoad;
import org.gaskiosk.sim.devices.SimBillAcceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two kiosks (two engines, two journals, two card slots), one central system, one SLE4442 memory
 * card. Kiosk A's cash purchase is cut at one command of the memory-card write (the image read, the
 * PSC presentation, the backup copy, the gas area, the PSC change, the purchase count), the card
 * torn or the power cut, before or after the card applied it. The card is carried to kiosk B, which
 * settles what A left (its pending credit as an order, or its interrupted load finished from the
 * central's plan with the PSC candidates), then back to A, whose journal must agree. Then the three
 * invariants of architecture.md are checked across both journals, the card and the central ledger,
 * the card must never have lost a PSC try for good, and finally, once the meter took the gas, an
 * ordinary purchase must go through at B (the central's PSC bookkeeping matches the card).
 *
 * <p>Everything in process (the production engine, reader, uplink codec and central code; the
 * in-memory uplink and H2), so the 24 cases run in seconds.
 */
class MemoryCardCrossKioskIT {
  private static final String CARD = SimCardFixtures.SLE4442.cardNo();
  private static final long MONEY = 5_000;
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** The commands of a memory-card load: name, INS, which occurrence of that INS in the load. */
  enum Command {
    READ(0xB0, 0),
    PSC_VERIFY(0x20, 0),
    BACKUP(0xD0, 0),
    GAS(0xD0, 1),
    PSC_CHANGE(0xD2, 0),
    COUNT(0xD0, 2);

    final int ins;
    final int occurrence;

    Command(int ins, int occurrence) {
      this.ins = ins;
      this.occurrence = occurrence;
    }
  }

  enum Fault {
    TORN_BEFORE_APPLY,
    TORN_AFTER_APPLY,
    POWER_CUT_BEFORE_APPLY,
    POWER_CUT_AFTER_APPLY;

    boolean powerCut() {
      return this == POWER_CUT_BEFORE_APPLY || this == POWER_CUT_AFTER_APPLY;
    }

    SimCardSlot.When when() {
      return this == TORN_BEFORE_APPLY || this == POWER_CUT_BEFORE_APPLY
          ? SimCardSlot.When.BEFORE_APPLY
          : SimCardSlot.When.AFTER_APPLY;
    }
  }

  private static final class PowerCut extends Error {
    private static final long serialVersionUID = 1L;

    PowerCut() {
      super("power cut", null, false, false);
    }
  }

  @TempDir Path dir;
  private final List<Kiosk> kiosks = new ArrayList<>();
  private InProcessCentral central;

  @AfterEach
  void closeKiosks() {
    kiosks.forEach(Kiosk::close);
  }

  static Stream<Arguments> everyCommandAndFault() {
    return Stream.of(Command.values())
        .flatMap(c -> Stream.of(Fault.values()).map(f -> Arguments.of(c, f)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyCommandAndFault")
  void a_memory_card_load_cut_at_one_kiosk_is_settled_exactly_once_by_the_fleet(
      Command command, Fault fault) throws Exception {
    IssuerKeys keys = IssuerKeys.generate(RandomGenerator.of("L64X128MixRandom"));
    central = new InProcessCentral(LoadKeys.fromMasterKey(new byte[16]), Clock.systemUTC());
    central.putAccount(Account.of(CARD, "Zhao Guilan", SimCardFixtures.SLE4442.unit()));
    Kiosk a = new Kiosk("KA", 1, SimCardSlot.open(dir.resolve("slotA"), keys));
    Kiosk b = new Kiosk("KB", 2, SimCardSlot.open(dir.resolve("slotB"), keys));
    MemoryImage initial = a.image();

    // 1. Kiosk A: a 50-yuan cash purchase, cut at the command.
    a.slot.insert(CARD);
    a.awaitScreen("account");
    a.done("start-purchase", Map.of());
    a.done("set-amount", Map.of("amount", MONEY));
    a.done("choose-payment", Map.of("method", "cash"));
    a.acceptor.insert(MONEY, false);
    AtomicBoolean cut = new AtomicBoolean();
    AtomicInteger seen = new AtomicInteger();
    if (command.occurrence == 0 && !fault.powerCut()) {
      a.slot.tearNext(command.ins, fault.when());
    }
    a.slot.onCommand(
        (ins, phase) -> {
          if (ins != command.ins || phase != SimCardSlot.When.BEFORE_APPLY && !fault.powerCut()) {
            return;
          }
          int n = phase == SimCardSlot.When.BEFORE_APPLY ? seen.getAndIncrement() : seen.get() - 1;
          if (fault.powerCut()) {
            if (n == command.occurrence
                && phase == fault.when()
                && cut.compareAndSet(false, true)) {
              throw new PowerCut();
            }
          } else if (n == command.occurrence - 1) {
            a.slot.tearNext(command.ins, fault.when()); // arms the next command with this INS
          }
        });
    if (fault.powerCut()) {
      assertThat(a.engine.act("finish-cash", Map.of())).isInstanceOf(ActionOutcome.Rejected.class);
      await().atMost(WAIT).until(() -> !a.engine.isRunning());
      assertThat(a.engine.crash()).isInstanceOf(PowerCut.class);
      a.slot.onCommand(null);
      a.powerCut();
      a.slot.remove(); // the resident takes the card away from the dead kiosk
      a.boot(); // the power comes back without the card: recovery, then the outbox drains
    } else {
      assertThat(a.done("finish-cash", Map.of()).screen()).isEqualTo("pending");
      a.slot.onCommand(null);
      assertThat(a.slot.insertedCardNo()).isEmpty();
    }
    a.drain();
    assertThat(a.journal.all()).hasSize(1);
    Txn first = a.journal.all().get(0);
    assertThat(first.paid()).isEqualTo(MONEY);

    // 2. Kiosk B sees the card: what A left is settled here, from the card and the central.
    carry(a, b);
    for (int visit = 0; visit < 3 && !settled(); visit++) {
      b.slot.insert(CARD);
      KioskView v = b.awaitScreen("account", "refused");
      if (v.screen().equals("account") && !((List<?>) v.data().get("orders")).isEmpty()) {
        assertThat(b.done("load-orders", Map.of()).screen()).isEqualTo("done");
      }
      b.slot.remove();
      b.awaitScreen("idle", "done");
      b.drain();
    }
    assertThat(settled()).as("kiosk B settled what kiosk A left").isTrue();

    // 3. Back at kiosk A: its journal defers to what the fleet settled, and writes nothing twice.
    // (Any outcome screen is accepted here: what A did is judged by the invariants below.)
    carry(b, a);
    a.slot.insert(CARD);
    a.awaitScreen("account", "refused", "done", "pending", "error");
    a.slot.remove();
    a.awaitScreen("idle", "done", "pending", "error", "refused");
    a.drain();

    assertInvariants(a, b, initial, first);
    LedgerSnapshot.Load load = central.loads().values().iterator().next();
    Txn firstNow = a.journal.find(first.txnId()).orElseThrow();
    if (command == Command.READ || command == Command.PSC_VERIFY) {
      // Nothing was written: A's money became a pending credit, which B loaded as an order; A
      // was then refused order-taken and wrote nothing.
      assertThat(firstNow.state()).isEqualTo(TxnState.LOADED_ELSEWHERE);
      assertThat(load.kioskId()).isEqualTo("KB");
      assertThat(load.orderIds()).containsExactly("pending:" + first.txnId());
    } else {
      // A was writing: B finished the load from the central's plan (or found its count) and
      // reported it; the central booked it as A's load, and A found the count and completed.
      assertThat(firstNow.state()).isEqualTo(TxnState.COMPLETED);
      assertThat(load.txnId()).isEqualTo(first.txnId());
      assertThat(load.kioskId()).isEqualTo("KA");
      UncertainLoad u = central.uncertainLoads().get(first.txnId());
      assertThat(u.status()).isEqualTo("applied");
      assertThat(u.resolvedBy()).isEqualTo("KB");
    }

    // 4. The meter takes the gas; the next purchase, at B, presents the PSC the central holds.
    MemoryImage atA = a.image();
    a.slot.carryAway(CARD);
    b.slot.bringIn(takenByMeter(atA));
    b.slot.insert(CARD);
    b.awaitScreen("account");
    b.done("start-purchase", Map.of());
    b.done("set-amount", Map.of("amount", 1_000L));
    b.done("choose-payment", Map.of("method", "cash"));
    b.acceptor.insert(1_000, false);
    assertThat(b.done("finish-cash", Map.of()).screen()).isEqualTo("done");
    assertThat(b.image().purchaseCount()).isEqualTo(atA.purchaseCount() + 1);
    assertThat(b.image().pscTriesLeft()).isEqualTo(3);
  }

  private void assertInvariants(Kiosk a, Kiosk b, MemoryImage initial, Txn first) {
    List<Txn> journalA = a.journal.all();
    List<Txn> journalB = b.journal.all();
    for (List<Txn> j : List.of(journalA, journalB)) {
      assertThat(j)
          .allSatisfy(
              t ->
                  assertThat(t.state())
                      .as("txn %s", t)
                      .isIn(TxnState.COMPLETED, TxnState.CANCELLED, TxnState.LOADED_ELSEWHERE));
    }
    MemoryImage card = a.image();
    List<LedgerSnapshot.Load> loads =
        central.loads().values().stream().filter(l -> l.cardNo().equals(CARD)).toList();
    long cash = Stream.concat(journalA.stream(), journalB.stream()).mapToLong(Txn::paid).sum();

    // 1. money received = value loaded (+ pending + refunded, both nothing once settled)
    assertThat(cash).isEqualTo(MONEY);
    assertThat(loads).as("central: loads of this card").hasSize(1);
    assertThat(loads.get(0).money()).isEqualTo(cash);
    assertThat(card.gasArea()).as("gas area: the one load").isEqualTo(loads.get(0).amount());
    assertThat(card.gasArea()).isEqualTo(first.amount());
    assertThat(
            central.ordersOf(CARD).stream()
                .filter(o -> o.status() != LedgerSnapshot.OrderStatus.PICKED_UP))
        .as("orders still owed")
        .isEmpty();
    assertThat(central.pendingCredit(first.txnId()).map(p -> p.status()).orElse("none"))
        .isIn("none", "loaded", "loaded-elsewhere");
    // 2. the purchase count grew by exactly the loads the central counts
    assertThat(card.purchaseCount()).isEqualTo(initial.purchaseCount() + loads.size());
    byte[] m = card.bytes();
    assertThat(Arrays.copyOfRange(m, 0x36, 0x3A))
        .as("backup equals the gas area")
        .isEqualTo(Arrays.copyOfRange(m, 0x32, 0x36));
    // the journals agree with the ledger: the one COMPLETED load is the one the central counts
    List<Txn> completed =
        Stream.concat(journalA.stream(), journalB.stream())
            .filter(t -> t.state() == TxnState.COMPLETED)
            .toList();
    assertThat(completed).extracting(Txn::txnId).containsExactly(loads.get(0).txnId());
    // 3. every journaled event reached the central system, each counted once, none rejected
    assertThat(a.journal.outbox().depth()).isZero();
    assertThat(b.journal.outbox().depth()).isZero();
    assertThat(central.rejected()).isZero();
    assertThat(settled()).isTrue();
    // the card never lost a try for good, and holds a PSC the central knows
    assertThat(card.pscTriesLeft()).isEqualTo(3);
    MemoryCardRecord known = central.memoryCard(CARD).orElseThrow();
    assertThat(card.psc()).isIn(known.psc(), known.pendingPsc());
  }

  /** Nothing of this card waits anywhere: no open order, no open uncertain load. */
  private boolean settled() {
    boolean openOrders =
        central.ordersOf(CARD).stream()
            .anyMatch(o -> o.status() != LedgerSnapshot.OrderStatus.PICKED_UP);
    boolean openUncertain =
        central.uncertainLoads().values().stream()
            .anyMatch(u -> u.cardNo().equals(CARD) && u.open());
    return !openOrders && !openUncertain;
  }

  private static void carry(Kiosk from, Kiosk to) {
    to.slot.bringIn(from.slot.carryAway(CARD));
  }

  /** The meter takes the gas: it clears the gas area and its backup (and counts the purchase). */
  private static MemoryImage takenByMeter(MemoryImage image) {
    byte[] m = image.bytes();
    Arrays.fill(m, 0x32, 0x3A, (byte) 0);
    return new MemoryImage(
        image.cardNo(),
        image.unit(),
        org.gaskiosk.hw.card.pboc.Hex.encode(m),
        image.psc(),
        image.pscTriesLeft());
  }

  /** One kiosk: its slot and acceptor outlive the controller; the controller can lose power. */
  private final class Kiosk implements AutoCloseable {
    final String id;
    final SimCardSlot slot;
    final SimBillAcceptor acceptor = new SimBillAcceptor();
    private final String dbName = "memx" + UUID.randomUUID();
    private final KioskConfig config;
    private JournalDatabase db;
    RechargeJournal journal;
    InMemoryUplink uplink;
    KioskEngine engine;

    Kiosk(String id, int index, SimCardSlot slot) {
      this.id = id;
      this.slot = slot;
      this.config =
          new KioskConfig(
              id,
              String.format("00112233%04X", index),
              1_000,
              100_000,
              Duration.ofSeconds(60),
              Duration.ofSeconds(90),
              Duration.ofSeconds(20),
              Duration.ofMillis(20));
      kiosks.add(this);
      boot();
    }

    void boot() {
      Clock clock = Clock.systemUTC();
      db = JournalDatabase.openInMemory(dbName);
      journal = new RechargeJournal(db, clock, CrashPoint.NONE);
      uplink =
          new InMemoryUplink(
              id, journal.outbox(), clock, Duration.ofSeconds(30), central.transport());
      uplink.setConnected(true);
      engine =
          new KioskEngine(
              config,
              clock,
              new PcscCardReader(
                  SimTerminalProvider.terminalFactory(slot),
                  Optional.empty(),
                  clock,
                  Duration.ofMillis(20)),
              acceptor,
              new Printer(),
              Indicators.NONE,
              uplink,
              journal);
      engine.start();
    }

    /** The power goes: no orderly shutdown of the journal. */
    void powerCut() {
      engine.close();
      db.abandon();
    }

    void drain() {
      await().atMost(WAIT).until(() -> uplink.drain(false) == 0);
    }

    MemoryImage image() {
      return (MemoryImage) slot.image(CARD).orElseThrow();
    }

    KioskView awaitScreen(String... screens) {
      List<String> wanted = List.of(screens);
      await()
          .atMost(WAIT)
          .until(() -> wanted.contains(engine.view().screen()) || !engine.isRunning());
      KioskView v = engine.view();
      if (!wanted.contains(v.screen())) {
        throw new AssertionError(id + " stopped on " + v + ": " + engine.crash());
      }
      return v;
    }

    KioskView done(String action, Map<String, Object> body) {
      ActionOutcome o = engine.act(action, body);
      if (o instanceof ActionOutcome.Done d) {
        return d.view();
      }
      throw new AssertionError(id + ": " + action + " " + body + " refused: " + o);
    }

    @Override
    public void close() {
      engine.close();
      db.close();
    }
  }

  /** A printer that always has paper. */
  private static final class Printer implements ReceiptPrinter {
    @Override
    public PrintResult print(Receipt receipt) {
      return PrintResult.ok();
    }

    @Override
    public boolean canPrint() {
      return true;
    }
  }
}
