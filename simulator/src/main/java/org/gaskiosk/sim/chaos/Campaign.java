package org.gaskiosk.sim.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.PurseImage;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.central.Account;
import org.gaskiosk.sim.central.InProcessCentral;
import org.gaskiosk.sim.central.QrCharge;

/**
 * A seeded fault campaign: residents' sessions on kiosks that share one central system, every
 * choice drawn from one generator made from the seed, the invariants checked after every step. The
 * same seed and options give the same run (the same trace digest): threads are only ever waited on
 * through events, and time moves only when the campaign moves it.
 *
 * <p>This class builds the world (the central system, the kiosks, the cards in their reach) and
 * runs the sessions ({@link Residents}, with the {@link SessionFaults} each draws) and the {@link
 * Finale}; {@link Steps} is the machinery of every step, {@link Checker} the invariants.
 */
public final class Campaign implements AutoCloseable {
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** Campaign options: {@code replayTo} stops after that step (0: run to the end). */
  public record Options(long seed, int sessions, int kiosks, long replayTo) {
    public Options {
      if (sessions < 0 || kiosks < 1 || kiosks > 16) {
        throw new IllegalArgumentException("sessions >= 0 and 1..16 kiosks");
      }
    }
  }

  /** What a campaign did and found. */
  public record Result(
      long seed,
      int sessions,
      int sessionsPlanned,
      int kiosks,
      long steps,
      Map<String, Long> faults,
      long checksPassed,
      long checksFailed,
      long violationStep,
      List<String> violations,
      List<String> traceTail,
      String traceDigest,
      long cashIn,
      long refunded,
      long reconciliations,
      boolean replayStopped,
      long qrPayments,
      long qrKept,
      long qrRefunded) {
    public boolean passed() {
      return checksFailed == 0;
    }
  }

  private final Options options;
  private final Logbook log;
  private final StepClock clock = new StepClock(Instant.parse("2026-03-02T01:00:00Z"));
  private final Path folder;
  private final InProcessCentral central;
  private final List<ChaosKiosk> kiosks = new ArrayList<>();
  private final CardWhereabouts cards = new CardWhereabouts();
  private final Checker checker;
  private final Steps steps;
  private final Residents residents;
  private final Finale finale;
  private boolean replayStopped;
  private Consumer<String> progress;

  private Campaign(Options options, Variants variants, Consumer<String> traceSink)
      throws IOException {
    this.options = options;
    Rng rng = new Rng(options.seed());
    this.log = new Logbook(traceSink, options.replayTo());
    Path shm = Path.of("/dev/shm");
    this.folder =
        Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createTempDirectory(shm, "kiosk-chaos")
            : Files.createTempDirectory("kiosk-chaos");
    IssuerKeys keys = IssuerKeys.generate(rng.split());
    this.central = new InProcessCentral(keys::loadKeyFor, clock);
    for (SimCardFixtures.Fixture f : SimCardFixtures.CARDS) {
      if (f.family() == CardFamily.TOOL) {
        continue;
      }
      Account a = Account.of(f.cardNo(), "住户", f.unit());
      if (f.safetyHold()) {
        a = a.withSafety(LookupResult.Safety.HOLD, "safety inspection overdue");
      }
      central.putAccount(a);
    }
    int run = RUNS.incrementAndGet();
    for (int i = 0; i < options.kiosks(); i++) {
      String id = "K" + (i + 1);
      kiosks.add(
          new ChaosKiosk(
              id,
              i + 1,
              "chaos-" + run + "-" + options.seed() + "-" + id,
              folder.resolve(id),
              keys,
              rng.split(),
              clock,
              central,
              variants));
    }
    this.checker = new Checker(kiosks, central);
    ChaosKiosk home = kiosks.get(0);
    for (SimCardFixtures.Fixture f : SimCardFixtures.CARDS) {
      cards.place(f.cardNo(), home);
      for (ChaosKiosk other : kiosks.subList(1, kiosks.size())) {
        other.slot.carryAway(f.cardNo()); // every card exists once, in its holder's reach
      }
      if (home.slot.image(f.cardNo()).orElseThrow() instanceof PurseImage p
          && f.family() == CardFamily.PURSE) {
        checker.track(f.cardNo(), p);
      }
    }
    for (ChaosKiosk k : kiosks) {
      k.boot();
    }
    SessionFaults faults = new SessionFaults(rng, log, central);
    this.steps = new Steps(log, faults, kiosks, central, clock, checker, cards);
    BetweenVisits world = new BetweenVisits(rng, log, cards, checker, central);
    this.residents = new Residents(rng, kiosks, central, cards, faults, steps, world);
    this.finale = new Finale(kiosks, central, cards, faults, steps, checker);
  }

  /** Runs a whole campaign and cleans up after it. */
  public static Result run(Options options, Variants variants, Consumer<String> traceSink)
      throws Exception {
    return run(options, variants, traceSink, null);
  }

  /**
   * @param progress told every 500 sessions how far the campaign got (long runs), or null
   */
  public static Result run(
      Options options, Variants variants, Consumer<String> traceSink, Consumer<String> progress)
      throws Exception {
    try (Campaign c = new Campaign(options, variants, traceSink)) {
      c.progress = progress;
      return c.execute();
    }
  }

  private Result execute() throws Exception {
    int done = 0;
    try {
      for (int n = 1; n <= options.sessions() && steps.violations().isEmpty(); n++) {
        residents.session(n);
        done = n;
        if (progress != null && n % 500 == 0) {
          progress.accept(
              "session "
                  + n
                  + " of "
                  + options.sessions()
                  + ", "
                  + checker.passed()
                  + " checks passed");
        }
      }
      if (steps.violations().isEmpty()) {
        finale.run();
      }
    } catch (Logbook.ReplayStop stop) {
      replayStopped = true;
    } catch (Steps.Violated stop) {
      // reported below with the step that replays it
    }
    long cashIn = kiosks.stream().mapToLong(k -> k.cash.cashBoxTotal()).sum();
    Map<String, QrCharge> qr = central.qrCharges();
    return new Result(
        options.seed(),
        done,
        options.sessions(),
        kiosks.size(),
        log.currentStep(),
        log.faultsByLabel(),
        checker.passed(),
        checker.failed(),
        steps.violationStep(),
        steps.violations(),
        log.tail(),
        log.digestHex(),
        cashIn,
        checker.reconciledTotal(),
        steps.reconciliations(),
        replayStopped,
        qr.size(),
        qrMoney(qr, "paid"),
        qrMoney(qr, "refunded"));
  }

  private static long qrMoney(Map<String, QrCharge> qr, String status) {
    return qr.values().stream()
        .filter(c -> c.status().equals(status))
        .mapToLong(QrCharge::money)
        .sum();
  }

  @Override
  public void close() {
    for (ChaosKiosk k : kiosks) {
      try {
        k.close();
      } catch (RuntimeException e) {
        // a kiosk that crashed last: nothing more to release
      }
    }
    checker.close();
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
