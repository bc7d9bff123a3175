package org.gaskiosk.sim.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.gaskiosk.core.domain.Tariff;
import org.gaskiosk.core.domain.Volume;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.engine.KioskConfig;
import org.gaskiosk.core.engine.KioskEngine;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.port.AuthorizeRequest;
import org.gaskiosk.core.port.AuthorizeResult;
import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.BillListener;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.Indicators;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.core.port.ReceiptPrinter;
import org.gaskiosk.hw.bill.id003.Id003Acceptor;
import org.gaskiosk.hw.bill.id003.Id003Config;
import org.gaskiosk.hw.card.PcscCardReader;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.card.SimTerminalProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The power goes (controller and acceptor together) at every step of a cash session, with the
 * production ID003 driver, engine and journal on disk: the note in escrow, being stacked, at VEND
 * VALID before the journal commit, and after it. After power returns, the invariants hold: a
 * credited note is in the cash box and credited once; a note in the cash box the journal never
 * credited is a reconciliation fault naming its value (money taken is never silent); a note the
 * journal credited is no false alarm; a note in escrow goes back to the resident; the purchase ends
 * as a pending credit of exactly what was credited, or cancelled with nothing paid.
 */
class CashPowerLossTest {
  private static final Id003Config CONFIG =
      Id003Config.defaults(Clock.systemUTC())
          .withTiming(Duration.ofMillis(30), Duration.ofMillis(300), Duration.ofMillis(100))
          .withBounds(Duration.ofMillis(800), Duration.ofMillis(500));
  private static final String CARD = SimCardFixtures.MONEY_PURSE.cardNo();

  enum Step {
    ESCROWED,
    STACKING,
    VEND_VALID_BEFORE_COMMIT,
    VEND_VALID_AFTER_COMMIT
  }

  @TempDir Path dir;
  private InMemoryBillTransport transport;
  private Id003Device device;
  private SimCardSlot slot;
  private Controller controller;

  private static ConditionFactory await() {
    return Awaitility.await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(15));
  }

  /** A central that knows the card and cannot authorise loads: paid money ends pending. */
  private static final CentralSystem CENTRAL =
      new CentralSystem() {
        @Override
        public LookupResult lookup(LookupRequest request) {
          return new LookupResult.Account(
              "Zhang *",
              LookupResult.Safety.OK,
              "",
              List.of(),
              Volume.centiM3(0),
              Tariff.example());
        }

        @Override
        public AuthorizeResult authorize(AuthorizeRequest request) {
          return new AuthorizeResult.Unreachable("test: no loads");
        }
      };

  private static final ReceiptPrinter PRINTER =
      new ReceiptPrinter() {
        @Override
        public PrintResult print(org.gaskiosk.core.port.Receipt receipt) {
          return PrintResult.ok();
        }

        @Override
        public boolean canPrint() {
          return true;
        }
      };

  /** One controller: journal, production driver, engine. Dies as a whole. */
  private final class Controller {
    final JournalDatabase db;
    final RechargeJournal journal;
    final RecordingFaults faults = new RecordingFaults();
    final Id003Acceptor driver;
    final KioskEngine engine;

    Controller(CrashPoint crash, CountDownLatch holdAtEscrow) {
      Clock clock = Clock.systemUTC();
      db = JournalDatabase.openFile(dir.resolve("journal"), false);
      journal = new RechargeJournal(db, clock, crash);
      driver = new Id003Acceptor(transport.driverOpener(), CONFIG, faults);
      BillAcceptor acceptor =
          holdAtEscrow == null ? driver : new HeldAtEscrow(driver, holdAtEscrow);
      engine =
          new KioskEngine(
              KioskConfig.defaults("K1", "001122334455"),
              clock,
              new PcscCardReader(
                  SimTerminalProvider.terminalFactory(slot), Optional.empty(), clock),
              acceptor,
              PRINTER,
              Indicators.NONE,
              CENTRAL,
              journal);
      engine.start();
    }

    void powerCut() {
      engine.close();
      db.abandon();
    }
  }

  /** The driver, with the engine's escrow answer held back: the note waits in escrow. */
  private static final class HeldAtEscrow implements BillAcceptor {
    private final BillAcceptor inner;
    private final CountDownLatch reached;

    HeldAtEscrow(BillAcceptor inner, CountDownLatch reached) {
      this.inner = inner;
      this.reached = reached;
    }

    @Override
    public void start(BillListener l) {
      inner.start(
          new BillListener() {
            @Override
            public EscrowDecision onEscrow(long valueFen) {
              reached.countDown();
              try {
                Thread.sleep(60_000); // the power goes before the engine answers
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return EscrowDecision.RETURN;
            }

            @Override
            public void onStacked(String noteId, long valueFen) {
              l.onStacked(noteId, valueFen);
            }

            @Override
            public void onReturned(long valueFen, String reason) {
              l.onReturned(valueFen, reason);
            }

            @Override
            public LastEscrow lastEscrow() {
              return l.lastEscrow();
            }
          });
    }

    @Override
    public void enable() {
      inner.enable();
    }

    @Override
    public void inhibit() {
      inner.inhibit();
    }

    @Override
    public boolean isEnabled() {
      return inner.isEnabled();
    }

    @Override
    public void stop() {
      inner.stop();
    }

    @Override
    public String health() {
      return inner.health();
    }
  }

  @BeforeEach
  void givenAnAcceptorAndACardInTheSlot() throws Exception {
    transport = InMemoryBillTransport.start();
    device = transport.device();
    slot =
        SimCardSlot.open(
            dir.resolve("cards"), IssuerKeys.generate(RandomGenerator.of("L64X128MixRandom")));
    slot.insert(CARD);
  }

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.engine.close();
      controller.db.close();
    }
    transport.close();
  }

  private void done(String action, Map<String, Object> body) {
    ActionOutcome o = controller.engine.act(action, body);
    assertThat(o).as("%s %s", action, body).isInstanceOf(ActionOutcome.Done.class);
  }

  private String waitingForCash() {
    await().until(() -> controller.engine.view().screen().equals("account"));
    done("start-purchase", Map.of());
    done("set-amount", Map.of("amount", 5_000L));
    done("choose-payment", Map.of("method", "cash"));
    await().until(() -> controller.driver.isEnabled() && device.status().equals("idling"));
    return (String) controller.engine.view().data().get("txnId");
  }

  @ParameterizedTest(name = "power lost: {0}")
  @EnumSource(Step.class)
  void a_power_loss_at_any_step_of_a_cash_session_keeps_the_invariants(Step step) throws Exception {
    CountDownLatch escrow = new CountDownLatch(1);
    CrashPoint crash =
        point -> {
          if ((step == Step.VEND_VALID_BEFORE_COMMIT && point.equals("before-commit:PAYING"))
              || (step == Step.VEND_VALID_AFTER_COMMIT && point.equals("after-commit:PAYING"))) {
            throw new Error("power cut at " + point);
          }
        };
    controller = new Controller(crash, step == Step.ESCROWED ? escrow : null);
    String txnId = waitingForCash();

    if (step == Step.STACKING) {
      device.stallStacking();
    }
    device.insert(Denomination.Y50);
    switch (step) {
      case ESCROWED -> {
        assertThat(escrow.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(device.status()).isEqualTo("escrow");
      }
      case STACKING -> await().until(() -> device.status().equals("stacking"));
      default -> await().until(() -> !controller.engine.isRunning());
    }
    controller.powerCut();
    device.powerCycle();

    controller = new Controller(CrashPoint.NONE, null);
    await().until(() -> controller.driver.isPolling() && device.status().equals("disabled"));
    await().until(() -> controller.engine.view().screen().matches("account|pending|done"));

    Txn t = controller.journal.find(txnId).orElseThrow();
    long credited = controller.journal.banknoteTotal(txnId);
    long boxed = device.cashBox().stream().mapToLong(Long::longValue).sum();
    assertThat(t.paid()).as("journal paid = banknotes credited").isEqualTo(credited);
    assertThat(credited)
        .as("nothing credited that is not in the cash box")
        .isLessThanOrEqualTo(boxed);
    if (boxed > credited) {
      await().until(() -> controller.faults.active.containsKey("reconciliation"));
      assertThat(controller.faults.active.get("reconciliation"))
          .as("money taken without credit is reported with its value")
          .contains((boxed - credited) + " fen", txnId);
    } else {
      assertThat(controller.faults.events).doesNotContain("raised reconciliation");
    }
    if (credited > 0) {
      assertThat(t.state()).isEqualTo(TxnState.PENDING_CREDIT);
      assertThat(t.money()).isEqualTo(credited);
    } else {
      assertThat(t.state()).isEqualTo(TxnState.CANCELLED);
    }

    switch (step) {
      case ESCROWED -> {
        assertThat(device.returnedToCustomer()).containsExactly(5_000L);
        assertThat(device.cashBox()).isEmpty();
      }
      case STACKING, VEND_VALID_BEFORE_COMMIT -> {
        assertThat(device.cashBox()).containsExactly(5_000L);
        assertThat(credited).isZero();
      }
      case VEND_VALID_AFTER_COMMIT -> {
        assertThat(device.cashBox()).containsExactly(5_000L);
        assertThat(credited).isEqualTo(5_000L);
      }
    }
  }
}
