package org.gaskiosk.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gaskiosk.core.fleet.KioskControl;
import org.gaskiosk.core.fleet.KioskMode;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.BillListener;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.CodeScanner;
import org.gaskiosk.core.port.Indicators;
import org.gaskiosk.core.port.ReceiptPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recharge controller. Everything that touches the card, the journal or the resident's session
 * runs on one engine thread, which is also the card reader's owner thread; other threads (HTTP, the
 * acceptor driver) hand it tasks and wait. An {@link Error} in a task (a simulated power cut in
 * tests, or a real VM error) ends the thread at once, like a crash: no cleanup runs, and a new
 * engine over the same journal recovers.
 */
public final class KioskEngine implements KioskApi, BillListener, KioskControl, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KioskEngine.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final KioskConfig config;
  private final CardReader reader;
  private final BillAcceptor acceptor;
  private final CustomerFlow flow;
  private final PurchaseActions actions;
  private final StartupRecovery recovery;
  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private final List<Consumer<KioskView>> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService notifier;
  private final AtomicLong versions = new AtomicLong();
  private final Thread thread;
  private volatile KioskView view;
  private volatile boolean running = true;
  private volatile boolean midTransaction;
  private final Indicators indicators;
  private volatile Throwable crash;
  private volatile boolean draining;
  private CodeScanner scanner = CodeScanner.NONE;

  public KioskEngine(
      KioskConfig config,
      Clock clock,
      CardReader reader,
      BillAcceptor acceptor,
      ReceiptPrinter printer,
      Indicators indicators,
      CentralSystem central,
      RechargeJournal journal) {
    this.config = Objects.requireNonNull(config);
    this.reader = reader;
    this.acceptor = acceptor;
    this.indicators = indicators;
    LoadProcedure loads = new LoadProcedure(config, clock, journal, central, printer);
    this.recovery = new StartupRecovery(journal, loads);
    this.flow =
        new CustomerFlow(config, clock, reader, acceptor, central, journal, loads, recovery);
    this.actions = new PurchaseActions(flow);
    this.flow.qr = new QrPayment(flow, recovery, CodeScanner.NONE, QrSettings.defaults());
    central.onQrPaid(
        n ->
            tasks.add(
                () -> {
                  flow.qr.onPaidNotice(n);
                  publish();
                }));
    flow.receiptNotice = new ReceiptNotice(printer);
    this.view = new KioskView(0, Screen.IDLE.wireName(), "zh-CN", false, Map.of());
    this.notifier =
        Executors.newSingleThreadExecutor(r -> daemon(r, "kiosk-notify-" + config.kioskId()));
    this.thread = daemon(this::run, "kiosk-engine-" + config.kioskId());
  }

  /**
   * Adds QR payment by scanner (the {@code qr-scan} method) with these timings; call before {@link
   * #start()}. Without it the kiosk offers {@code qr-show} only, with default timings.
   */
  public KioskEngine withQr(CodeScanner scanner, QrSettings settings) {
    this.scanner = Objects.requireNonNull(scanner);
    flow.qr = new QrPayment(flow, recovery, scanner, settings);
    return this;
  }

  /** Recovers the journal, then serves. Returns when recovery is done (or failed). */
  public KioskEngine start() {
    CompletableFuture<Void> recovered = new CompletableFuture<>();
    tasks.add(
        () -> {
          recovery.run();
          recovered.complete(null);
        });
    acceptor.inhibit();
    acceptor.start(this);
    scanner.start(
        line ->
            tasks.add(
                () -> {
                  flow.qr.onScan(line);
                  publish();
                }));
    thread.start();
    try {
      recovered.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recovering the journal", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("journal recovery did not finish: " + crash, e);
    }
    return this;
  }

  // ---- KioskApi -----------------------------------------------------------------------------

  @Override
  public KioskView view() {
    return view;
  }

  @Override
  public ActionOutcome act(String action, Map<String, Object> body) {
    ActionBody b = new ActionBody(action, body);
    try {
      return call(
          () -> {
            try {
              dispatch(action, b);
              return new ActionOutcome.Done(publish());
            } catch (ActionBody.Invalid e) {
              return new ActionOutcome.Rejected(400, "invalid-body", e.getMessage());
            } catch (Refusal r) {
              return new ActionOutcome.Rejected(r.status, r.code, r.getMessage());
            }
          });
    } catch (EngineUnavailable e) {
      return new ActionOutcome.Rejected(503, "unavailable", e.getMessage());
    }
  }

  private void dispatch(String action, ActionBody b) {
    switch (action) {
      case "start-purchase" -> {
        b.only();
        actions.startPurchase();
      }
      case "set-amount" -> actions.setAmount(b);
      case "choose-payment" -> actions.choosePayment(b);
      case "finish-cash" -> {
        b.only();
        actions.finishCashAction();
      }
      case "cancel" -> {
        b.only();
        actions.cancel();
      }
      case "load-orders" -> {
        b.only();
        actions.loadOrders();
      }
      case "set-language" -> {
        String lang = b.only("lang").text("lang");
        if (!lang.equals("zh-CN") && !lang.equals("en")) {
          throw new ActionBody.Invalid("lang must be zh-CN or en, got " + lang);
        }
        flow.lang = lang;
      }
      case "set-accessible" -> AccessibleMode.set(flow, b.only("on").bool("on"));
      case "request-service" -> flow.services.request(b);
      case "rate-service" -> flow.services.rate(b);
      case "maintenance-login" ->
          throw new Refusal(
              409, "maintenance-unavailable", "maintenance visits use POST /api/maintenance/login");
      default -> throw new Refusal(404, "unknown-action", "no action named " + action);
    }
  }

  @Override
  public AutoCloseable subscribe(Consumer<KioskView> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  // ---- KioskControl (fleet thread) ----------------------------------------------------------

  @Override
  public boolean customerMidTransaction() {
    return midTransaction;
  }

  @Override
  public void setMode(KioskMode mode) {
    tasks.add(
        () -> {
          flow.changeMode(mode);
          publish();
        });
  }

  // ---- BillListener (acceptor thread) -------------------------------------------------------

  @Override
  public EscrowDecision onEscrow(long valueFen) {
    CashWindow w = flow.cashWindow;
    if (w != null && running && !draining && w.accepts(valueFen)) {
      try {
        flow.journal.recordEscrow(w.txnId(), valueFen); // before STACK: see lastEscrow()
      } catch (RuntimeException e) {
        log.error("escrow of {} fen not journaled: returning the note", valueFen, e);
        return EscrowDecision.RETURN;
      }
      flow.notesInFlight.incrementAndGet();
      return EscrowDecision.STACK;
    }
    return EscrowDecision.RETURN;
  }

  @Override
  public LastEscrow lastEscrow() {
    return flow.journal.lastEscrow();
  }

  @Override
  public void onStacked(String noteId, long valueFen) {
    // Returns only once the credit is committed: the driver acknowledges the acceptor after this.
    call(
        () -> {
          try {
            actions.credit(noteId, valueFen);
          } finally {
            flow.notesInFlight.updateAndGet(n -> Math.max(0, n - 1));
          }
          publish();
          return null;
        });
  }

  @Override
  public void onReturned(long valueFen, String reason) {
    tasks.add(
        () -> {
          flow.notesInFlight.updateAndGet(n -> Math.max(0, n - 1));
          log.info("banknote {} fen returned: {}", valueFen, reason);
        });
  }

  // ---- the engine thread --------------------------------------------------------------------

  private void run() {
    try {
      while (running) {
        Runnable task = tasks.poll(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        try {
          if (task != null) {
            task.run();
          }
          watchCardSlot();
          flow.checkTimeout(this::publish);
          flow.qr.tick();
          publish();
        } catch (RuntimeException e) {
          failSafe(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Error e) {
      // A crash (a simulated power cut in tests, or the VM failing): stop exactly here. The journal
      // is the only
      // truth the next start needs; running any cleanup now would be acting on a state nobody
      // committed.
      crash = e;
      running = false;
      log.error("engine stopped by {}", e.toString());
    }
  }

  /**
   * A bug or a broken device surfaced mid-session. The journal applies the start-up rules to
   * whatever was in flight (paid money becomes a pending credit), and the resident sees an error
   * with a reference, not a frozen screen.
   */
  private void failSafe(RuntimeException e) {
    log.error("unexpected failure on screen {}; applying recovery rules", flow.screen, e);
    recovery.run();
    flow.cashWindow = null;
    acceptor.inhibit();
    flow.txn = null;
    flow.quote = null;
    flow.show(
        Screen.ERROR,
        Map.of(
            "code",
            "internal-error",
            "message",
            "Something went wrong. Any money inserted is safe and will be loaded at the next insertion"
                + " of your card.",
            "detail",
            e.toString()));
    publish();
  }

  private void watchCardSlot() {
    boolean present = reader.isCardPresent();
    if (present == flow.cardPresent) {
      return;
    }
    if (present) {
      flow.onCardInserted(this::publish);
    } else if (flow.notesInFlight.get() == 0) {
      // A note between escrow and stacked still belongs to this purchase: settle it first.
      flow.onCardRemoved();
    }
  }

  private KioskView publish() {
    midTransaction = flow.midTransaction();
    KioskView current = view;
    Map<String, Object> data = Views.data(flow);
    if (current.screen().equals(flow.screen.wireName())
        && current.lang().equals(flow.lang)
        && current.accessible() == flow.accessible
        && current.data().equals(data)) {
      return current;
    }
    KioskView next =
        new KioskView(
            versions.incrementAndGet(), flow.screen.wireName(), flow.lang, flow.accessible, data);
    view = next;
    indicators.mode(
        !flow.mode.serving()
            ? Indicators.Mode.OUT_OF_SERVICE
            : midTransaction ? Indicators.Mode.BUSY : Indicators.Mode.IN_SERVICE);
    indicators.cardSlotLight(flow.screen == Screen.IDLE);
    if (!current.screen().equals(next.screen())) {
      BodySignals.screenChanged(indicators, flow.screen, flow.cardPresent);
    }
    for (Consumer<KioskView> l : listeners) {
      notifier.execute(
          () -> {
            try {
              l.accept(next);
            } catch (RuntimeException e) {
              log.warn("view listener failed", e);
            }
          });
    }
    return next;
  }

  private <T> T call(Supplier<T> work) {
    if (Thread.currentThread() == thread) {
      return work.get();
    }
    if (!running) {
      throw new EngineUnavailable(
          "the controller is stopped" + (crash == null ? "" : ": " + crash));
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    tasks.add(
        () -> {
          try {
            f.complete(work.get());
          } catch (RuntimeException | Error e) {
            f.completeExceptionally(e);
            throw e;
          }
        });
    try {
      return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineUnavailable("interrupted while waiting for the engine");
    } catch (TimeoutException e) {
      throw new EngineUnavailable("the engine did not answer in " + CALL_TIMEOUT);
    } catch (ExecutionException e) {
      throw new EngineUnavailable("the engine failed: " + e.getCause());
    }
  }

  // ---- service hooks (the systemd watchdog and a clean SIGTERM) --------------------------------

  /**
   * A no-op round trip through the engine thread within {@code timeout}. True proves the thread is
   * alive and not stuck (it also owns the card reader, so a hung reader call shows here); the
   * service's watchdog is fed only while this holds.
   */
  public boolean ping(Duration timeout) {
    if (!isRunning()) {
      return false;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    tasks.add(() -> done.complete(null));
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /**
   * Prepares a clean stop: escrowed notes are returned from now on, notes already going to the
   * stacker are credited (waiting at most {@code settle}), then the kiosk goes out of service for
   * {@code reason}, which finishes a cash purchase that holds money (loaded, or parked as a pending
   * credit with its receipt) and cancels one without. Call {@link #close()} afterwards.
   *
   * @return the screen now shown
   */
  public String drain(String reason, Duration settle) {
    draining = true;
    long deadline = System.nanoTime() + settle.toNanos();
    while (flow.notesInFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20); // the acceptor's thread settles the note; nothing to wait on but time
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return call(
        () -> {
          flow.changeMode(new KioskMode(KioskMode.Kind.OUT_OF_SERVICE, reason));
          acceptor.inhibit();
          publish();
          return flow.screen.wireName();
        });
  }

  /**
   * Looks at the card slot now instead of at the next poll: for a reader that reports insertion
   * itself (the benchmarks' simulated slot), so a purchase does not wait up to one poll interval.
   */
  public void wake() {
    tasks.add(() -> {});
  }

  /** Whether the engine thread still runs (false after a crash or close). */
  public boolean isRunning() {
    return running && thread.isAlive();
  }

  /** What stopped the engine, if it crashed. */
  public Throwable crash() {
    return crash;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    acceptor.stop();
    scanner.stop();
    notifier.shutdownNow();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The engine cannot take work (stopped, crashed, or too slow): the caller gets 503. */
  public static final class EngineUnavailable extends RuntimeException {
    EngineUnavailable(String message) {
      super(message);
    }
  }
}
