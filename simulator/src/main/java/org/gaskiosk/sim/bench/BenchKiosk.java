package org.gaskiosk.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.engine.KioskConfig;
import org.gaskiosk.core.engine.KioskEngine;
import org.gaskiosk.core.engine.KioskView;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.port.Indicators;
import org.gaskiosk.core.uplink.MqttUplink;
import org.gaskiosk.core.uplink.UplinkConfig;
import org.gaskiosk.hw.card.CardType;
import org.gaskiosk.hw.card.PcscCardReader;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.PurseImage;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.card.SimTerminalProvider;

/**
 * One production controller (journal, uplink, engine, the production PC/SC reader over the
 * javax.smartcardio provider) with devices that answer at once: the simulated card slot, an {@link
 * InstantAcceptor} and a {@link NullPrinter}. Drives purchases through {@link KioskEngine#act},
 * what the touchscreen API calls, and measures where the time went.
 */
final class BenchKiosk implements AutoCloseable {
  private static final Duration SCREEN_WAIT = Duration.ofSeconds(30);
  private static final Set<String> FAILED = Set.of("refused", "error", "pending", "out-of-service");

  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private final String kioskId;
  private final SimCardSlot slot;
  private final InstantAcceptor acceptor = new InstantAcceptor();
  private final TimedCentral central;
  private final MqttUplink uplink;
  private final KioskEngine engine;
  private final JournalDatabase db;
  private final RechargeJournal journal;
  private final AtomicLong apdus = new AtomicLong();
  private final AtomicLong cardNanos = new AtomicLong();
  private final AtomicLong engineCommits = new AtomicLong();
  private final AtomicLong allCommits = new AtomicLong();
  private final Object viewChanged = new Object();

  /**
   * Money purse cards the benchmark buys on in turn: one card would reach the purse's balance limit
   * (9,999.99 yuan) after about a thousand purchases.
   */
  static final List<String> BENCH_CARDS =
      IntStream.rangeClosed(1, 20).mapToObj(i -> String.format("31000001000000%02d", i)).toList();

  /**
   * A fleet kiosk (one with a capped cache) buys far less than a thousand times; each card costs
   * its start-up two fsyncs, so it gets two.
   */
  private static final int FLEET_CARDS = 2;

  /**
   * A fleet kiosk's own cards, numbered from its id ({@code F-00017} buys on 3200017000000001 and
   * ...02). Kiosks sharing card numbers would be one card in several slots at once: the central
   * would list one kiosk's load in progress as another's uncertain load, and the fleet would
   * measure that confusion instead of the kiosks.
   */
  static List<String> fleetCards(String kioskId) {
    String digits = kioskId.replaceAll("\\D", "");
    long n = digits.isEmpty() ? Math.floorMod(kioskId.hashCode(), 100_000) : Long.parseLong(digits);
    return IntStream.rangeClosed(1, FLEET_CARDS)
        .mapToObj(i -> String.format("32%05d%09d", n % 100_000, i))
        .toList();
  }

  private final List<String> cards;
  private final AtomicLong purchases = new AtomicLong();
  private final StringBuilder commandLog = new StringBuilder();
  private long commandStart;

  /**
   * @param folder the kiosk's own folder (journal)
   * @param cardFolder where its simulated cards keep their EEPROM files
   * @param cacheKb H2 page cache per journal, or 0 for H2's default
   */
  BenchKiosk(
      String brokerUri,
      String kioskId,
      Path folder,
      Path cardFolder,
      IssuerKeys keys,
      int cacheKb,
      Clock clock)
      throws IOException {
    this.kioskId = kioskId;
    try {
      Files.createDirectories(folder);
      slot = SimCardSlot.open(cardFolder, keys, new Random(kioskId.hashCode()));
      cards = cacheKb > 0 ? fleetCards(kioskId) : BENCH_CARDS;
      addCards(slot, cards);
      slot.onCommand(
          (ins, phase) -> {
            if (phase == SimCardSlot.When.BEFORE_APPLY) {
              apdus.incrementAndGet();
              synchronized (commandLog) {
                commandLog
                    .append(commandLog.length() == 0 ? "" : " ")
                    .append(String.format("%02X", ins));
              }
              commandStart = System.nanoTime();
            } else {
              cardNanos.addAndGet(System.nanoTime() - commandStart);
            }
          });
      db =
          cacheKb > 0
              ? JournalDatabase.openFile(folder, true, cacheKb)
              : JournalDatabase.openFile(folder, true);
      open.push(db);
      db.onDurableCommit(
          () -> {
            allCommits.incrementAndGet();
            // On the purchase's path: the engine's, and the acceptor listener's (the note's escrow
            // is journaled on the thread that reports it); not the uplink's outbox bookkeeping.
            if (!Thread.currentThread().getName().startsWith("uplink-")) {
              engineCommits.incrementAndGet();
            }
          });
      journal = new RechargeJournal(db, clock, CrashPoint.NONE);
      uplink =
          new MqttUplink(
              UplinkConfig.defaults(brokerUri, kioskId).withRequestTimeout(Duration.ofSeconds(10)),
              journal.outbox(),
              clock,
              UUID.randomUUID().toString());
      uplink.start();
      open.push(uplink);
      central = new TimedCentral(uplink);
      PcscCardReader reader =
          new PcscCardReader(SimTerminalProvider.terminalFactory(slot), Optional.empty(), clock);
      engine =
          new KioskEngine(
              KioskConfig.defaults(kioskId, terminalIdOf(kioskId)),
              clock,
              reader,
              acceptor,
              new NullPrinter(),
              Indicators.NONE,
              central,
              journal);
      engine.subscribe(
          v -> {
            synchronized (viewChanged) {
              viewChanged.notifyAll();
            }
          });
      engine.start();
      open.push(engine);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  String kioskId() {
    return kioskId;
  }

  KioskEngine engine() {
    return engine;
  }

  MqttUplink uplink() {
    return uplink;
  }

  RechargeJournal journal() {
    return journal;
  }

  SimCardSlot slot() {
    return slot;
  }

  /** Waits until the uplink is connected to the broker. */
  void awaitConnected(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!uplink.health().connected()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(kioskId + ": uplink not connected within " + timeout);
      }
      BenchBroker.sleep(10);
    }
  }

  /**
   * One cash purchase of {@code fen} on {@code cardNo}, insert to loaded, then the card out again.
   *
   * @throws IllegalStateException if any step does not go as a resident's would
   */
  PurchaseTiming purchase(String cardNo, long fen) {
    long central0 = central.nanos();
    long card0 = cardNanos.get();
    long apdu0 = apdus.get();
    long engine0 = engineCommits.get();
    long all0 = allCommits.get();
    long start = System.nanoTime();
    slot.insert(cardNo);
    // The simulated card persisting its inserted state (two fsyncs) is the card's time, not the
    // controller's: counted with the card's command time.
    long insertNanos = System.nanoTime() - start;
    engine.wake();
    awaitScreen("account");
    act("start-purchase", Map.of());
    act("set-amount", Map.of("amount", fen));
    act("choose-payment", Map.of("method", "cash"));
    if (!acceptor.insert(fen)) {
      throw new IllegalStateException(kioskId + ": the controller did not take a " + fen + " note");
    }
    KioskView done = act("finish-cash", Map.of());
    long end = System.nanoTime();
    if (!done.screen().equals("done")) {
      throw new IllegalStateException(kioskId + ": purchase ended on " + done);
    }
    PurchaseTiming t =
        new PurchaseTiming(
            end - start,
            central.nanos() - central0,
            cardNanos.get() - card0 + insertNanos,
            apdus.get() - apdu0,
            engineCommits.get() - engine0,
            allCommits.get() - all0);
    slot.remove();
    engine.wake();
    awaitScreen("idle");
    return t;
  }

  /**
   * Creates the simulated cards in {@code cardFolder} ahead of time, so that a start-up measured
   * later does not include the simulator writing card files.
   */
  static void prepareCards(Path cardFolder, IssuerKeys keys) throws IOException {
    addCards(SimCardSlot.open(cardFolder, keys), BENCH_CARDS);
  }

  private static void addCards(SimCardSlot slot, List<String> cards) {
    for (String cardNo : cards) {
      if (slot.image(cardNo).isEmpty()) {
        slot.addCard(
            PurseImage.issue(
                CardType.USER_MONEY_PURSE, cardNo, 0, new PurseImage.Meter(300, 0, "2026-02-20")));
      }
    }
  }

  /** A purchase of the smallest amount on the next of the benchmark's cards. */
  PurchaseTiming purchase() {
    int i = (int) (purchases.getAndIncrement() % cards.size());
    return purchase(cards.get(i), OverheadFigure.FEN);
  }

  /** Card commands from insertion to the screen {@code screen} (a card the kiosk refuses). */
  long commandsUntil(String cardNo, String screen) {
    long apdu0 = apdus.get();
    slot.insert(cardNo);
    engine.wake();
    awaitScreen(screen);
    long n = apdus.get() - apdu0;
    slot.remove();
    engine.wake();
    awaitScreen("idle");
    return n;
  }

  /** The INS bytes of the card commands since the last call, in hex, and starts a new log. */
  String takeCommandLog() {
    synchronized (commandLog) {
      String s = commandLog.toString();
      commandLog.setLength(0);
      return s;
    }
  }

  long allCommits() {
    return allCommits.get();
  }

  private KioskView act(String action, Map<String, Object> body) {
    ActionOutcome o = engine.act(action, body);
    if (o instanceof ActionOutcome.Done d) {
      return d.view();
    }
    throw new IllegalStateException(kioskId + ": " + action + " refused: " + o);
  }

  private void awaitScreen(String screen) {
    long deadline = System.nanoTime() + SCREEN_WAIT.toNanos();
    synchronized (viewChanged) {
      while (!engine.view().screen().equals(screen)) {
        String now = engine.view().screen();
        if (!screen.equals("idle") && FAILED.contains(now)) {
          throw new IllegalStateException(
              kioskId + ": waiting for " + screen + ", the kiosk shows " + engine.view());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              kioskId + ": screen " + screen + " not reached; showing " + engine.view());
        }
        try {
          viewChanged.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }
  }

  /** The 6-byte terminal id as 12 hex digits, derived from the kiosk id (as the demo does). */
  static String terminalIdOf(String kioskId) {
    long h = 1125899906842597L;
    for (char c : kioskId.toCharArray()) {
      h = 31 * h + c;
    }
    return String.format("%012X", h & 0xFFFF_FFFF_FFFFL);
  }

  @Override
  public void close() {
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(BenchKiosk.class).warn("closing {}", kioskId, e);
      }
    }
  }
}
