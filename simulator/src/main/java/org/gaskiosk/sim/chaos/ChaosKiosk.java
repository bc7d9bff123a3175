package org.gaskiosk.sim.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.engine.KioskConfig;
import org.gaskiosk.core.engine.KioskEngine;
import org.gaskiosk.core.engine.KioskView;
import org.gaskiosk.core.engine.QrSettings;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.core.port.CodeScanner;
import org.gaskiosk.core.port.Indicators;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.core.port.ReceiptPrinter;
import org.gaskiosk.core.uplink.InMemoryUplink;
import org.gaskiosk.hw.card.PcscCardReader;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.card.SimTerminalProvider;
import org.gaskiosk.sim.central.InProcessCentral;

/**
 * One kiosk of the campaign. The devices and the journal's memory outlive the controller (the card
 * slot, the acceptor with its cash box, the H2 database), as they outlive a power cut in a shop;
 * the controller (engine, journal, uplink, drivers) is rebuilt over them after every cut.
 */
final class ChaosKiosk implements AutoCloseable {
  /** Where actions wait for the engine, so the campaign can stop waiting when the power goes. */
  private static final java.util.concurrent.ExecutorService CALLS =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "chaos-kiosk-call");
            t.setDaemon(true);
            return t;
          });

  final String id;
  final SimCardSlot slot;
  final CashStation cash = new CashStation();
  final PowerSwitch power = new PowerSwitch();
  final Scanner scanner = new Scanner();
  final String jdbcUrl;
  private final String dbName;
  private final StepClock clock;
  private final InProcessCentral central;
  private final Variants variants;
  private final KioskConfig config;
  private final java.util.concurrent.atomic.AtomicInteger receipts =
      new java.util.concurrent.atomic.AtomicInteger();
  private JournalDatabase db;
  RechargeJournal journal;
  InMemoryUplink uplink;
  KioskEngine engine;
  private boolean brokerUp = true;

  ChaosKiosk(
      String id,
      int index,
      String dbName,
      Path cards,
      IssuerKeys keys,
      java.util.random.RandomGenerator cardRandom,
      StepClock clock,
      InProcessCentral central,
      Variants variants)
      throws java.io.IOException {
    this.id = id;
    this.dbName = dbName;
    this.jdbcUrl = "jdbc:h2:mem:" + dbName;
    this.clock = clock;
    this.central = central;
    this.variants = variants;
    this.slot = SimCardSlot.open(cards, keys, cardRandom);
    this.slot.onCommand(power);
    this.config =
        new KioskConfig(
            id,
            String.format("00112233%04X", index),
            1_000,
            100_000,
            Duration.ofSeconds(60),
            Duration.ofSeconds(90),
            Duration.ofSeconds(20),
            // The campaign wakes the engine with actions; an idle loop only burns shared CPU.
            Duration.ofMillis(50));
  }

  /** Starts a controller over the journal and the devices (start-up recovery runs first). */
  void boot() {
    db = JournalDatabase.openInMemory(dbName);
    journal = new RechargeJournal(db, clock, power);
    uplink =
        new InMemoryUplink(
            id,
            journal.outbox(),
            clock,
            Duration.ofSeconds(30),
            variants.transport().apply(central.transport()));
    uplink.setConnected(brokerUp);
    BillAcceptor acceptor = variants.acceptor().apply(cash.newDriver());
    CardReader reader =
        variants
            .reader()
            .apply(
                new PcscCardReader(
                    SimTerminalProvider.terminalFactory(slot),
                    Optional.empty(),
                    clock,
                    Duration.ofMillis(20)));
    engine =
        new KioskEngine(
            config, clock, reader, acceptor, new Printer(), Indicators.NONE, uplink, journal);
    // Production QR timings: a minute to scan or confirm, two to pay a shown code, polls every
    // 2 s and abandoned payments asked again every 10 s - all on the campaign's clock.
    engine.withQr(scanner, QrSettings.defaults());
    engine.start();
  }

  boolean alive() {
    return engine.isRunning();
  }

  /** The power goes and comes back: nothing orderly, the controller starts over its journal. */
  void powerCycle() throws Exception {
    engine.close();
    db.abandon();
    variants.afterPowerCut().apply(jdbcUrl);
    cash.powerCut();
    boot();
    // The acceptor driver reports what the power cut left (a note in the cash box without a
    // credit: the reconciliation fault) during its power-up handshake, on its own thread: the
    // checks wait until it has polled past it.
    cash.awaitPolls(4, this::alive);
  }

  void setBroker(boolean up) {
    brokerUp = up;
    uplink.setConnected(up);
  }

  boolean brokerUp() {
    return brokerUp;
  }

  KioskView view() {
    return engine.view();
  }

  /**
   * An action, waited for only while the controller lives: a power cut in a task queued before it
   * (a scanned code, a paid notice) kills the engine thread with the action still queued, and the
   * engine's own call would wait its full timeout for an answer that cannot come.
   */
  ActionOutcome act(String action, Map<String, Object> body) {
    KioskEngine e = engine;
    java.util.concurrent.Future<ActionOutcome> f = CALLS.submit(() -> e.act(action, body));
    while (true) {
      try {
        return f.get(10, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException t) {
        if (!e.isRunning() && !f.isDone()) {
          return new ActionOutcome.Rejected(503, "unavailable", "the power went");
        }
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        return new ActionOutcome.Rejected(503, "unavailable", "interrupted");
      } catch (java.util.concurrent.ExecutionException x) {
        throw new IllegalStateException(x.getCause());
      }
    }
  }

  /**
   * Lets the engine look at its card slot and its timeouts: its loop runs both after every task, so
   * after two harmless tasks it has handled whatever happened before the first one.
   */
  void settle() {
    for (int i = 0; i < 2 && alive(); i++) {
      act("set-accessible", Map.of("on", false));
    }
  }

  int receiptsPrinted() {
    return receipts.get();
  }

  @Override
  public void close() {
    engine.close();
    db.close();
    cash.close();
  }

  /**
   * The QR scanner at the kiosk: a line the campaign scans is handed to the engine's queue on the
   * campaign's thread (the engine handles it in order with the campaign's actions).
   */
  static final class Scanner implements CodeScanner {
    private volatile Listener listener;

    @Override
    public void start(Listener l) {
      this.listener = l;
    }

    @Override
    public void stop() {
      listener = null;
    }

    void scan(String line) {
      Listener l = listener;
      if (l != null) {
        l.onLine(line);
      }
    }
  }

  /** A printer that always has paper; receipts are counted, not checked here. */
  private final class Printer implements ReceiptPrinter {
    @Override
    public PrintResult print(Receipt receipt) {
      receipts.incrementAndGet();
      return PrintResult.ok();
    }

    @Override
    public boolean canPrint() {
      return true;
    }
  }
}
