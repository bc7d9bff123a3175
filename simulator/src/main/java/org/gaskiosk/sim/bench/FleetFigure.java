package org.gaskiosk.sim.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.sim.central.Account;
import org.gaskiosk.sim.central.LedgerSnapshot;

/**
 * Figure 5: N kiosks in one JVM, each with its own journal, identity, card slot and MQTT session,
 * against Mosquitto and the central simulator, each starting a purchase every few seconds. A fleet
 * size holds when every purchase succeeded, none had to be skipped because the kiosk was still
 * busy, p99 purchase time (insert to loaded) is under a second, and every outbox event was
 * acknowledged by the central system afterwards.
 *
 * <p>Shared: one scheduler thread and a bounded pool of driver threads (the "residents"). Per
 * kiosk, the production controller's own threads: the engine thread (which polls the card slot),
 * its view notifier, the uplink executor and Paho's client threads; the figure reports the count.
 */
final class FleetFigure {
  static final int CACHE_KB = 512;
  private static final long HOLD_P99_NANOS = TimeUnit.SECONDS.toNanos(1);

  private FleetFigure() {}

  /** {@code fleet --kiosks N}: one size, one figure line. */
  static void runOne(BenchOptions o, Figures figures) throws Exception {
    figures.emit(size(o.data().resolve("fleet-" + o.kiosks()), o.kiosks(), o.fleetSeconds(), o));
  }

  /** The ladder of sizes up to {@code o.kiosks()}: stops at the first that does not hold. */
  static ObjectNode ladder(BenchOptions o, Figures figures) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    if (o.quick()) {
      sizes.add(o.kiosks());
    } else {
      for (int n : new int[] {10, 25, 50, 100, 200, 400, 700, 1000, 1500, 2000, 3000}) {
        if (n <= o.kiosks()) {
          sizes.add(n);
        }
      }
    }
    int largest = 0;
    ObjectNode summary = Figures.figure("fleet");
    ArrayNode tried = summary.putArray("sizes");
    for (int n : sizes) {
      ObjectNode r = size(o.data().resolve("fleet-" + n), n, o.fleetSeconds(), o);
      tried.add(r);
      if (!r.path("held").asBoolean()) {
        break;
      }
      largest = n;
    }
    summary.put("largestHeld", largest);
    summary.put("buyEverySeconds", o.buyEverySeconds());
    summary.put("secondsPerSize", o.fleetSeconds());
    if (!o.quick()) {
      Figures.goal(summary, "kiosks held", largest, 1000, false);
    }
    return summary;
  }

  static ObjectNode size(Path folder, int n, int seconds, BenchOptions o) throws Exception {
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    List<BenchKiosk> kiosks = new ArrayList<>();
    ExecutorService drivers = Executors.newFixedThreadPool(Math.min(n, 256), daemon("resident"));
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(daemon("fleet-clock"));
    BenchWorld world = new BenchWorld(folder.resolve("world"));
    try {
      long startUp = System.nanoTime();
      for (int i = 1; i <= n; i++) {
        String id = String.format("F-%05d", i);
        for (String cardNo : BenchKiosk.fleetCards(id)) {
          world.central.putAccount(Account.of(cardNo, "fleet", CardUnit.FEN));
        }
        kiosks.add(
            new BenchKiosk(
                world.broker.uri(),
                id,
                folder.resolve(id),
                folder.resolve(id).resolve("cards"),
                world.keys,
                CACHE_KB,
                Clock.systemUTC()));
      }
      for (BenchKiosk k : kiosks) {
        k.awaitConnected(Duration.ofMinutes(2));
      }
      long startUpNanos = System.nanoTime() - startUp;
      int threadsPerFleet = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;

      ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
      AtomicLong failures = new AtomicLong();
      AtomicLong skipped = new AtomicLong();
      ConcurrentLinkedQueue<String> firstFailures = new ConcurrentLinkedQueue<>();
      long periodMs = Math.round(o.buyEverySeconds() * 1000);
      Random random = new Random(n);
      AtomicBoolean buying = new AtomicBoolean(true);
      for (BenchKiosk k : kiosks) {
        AtomicBoolean busy = new AtomicBoolean();
        scheduler.scheduleAtFixedRate(
            () -> {
              if (!buying.get()) {
                return;
              }
              if (!busy.compareAndSet(false, true)) {
                skipped.incrementAndGet();
                return;
              }
              drivers.execute(
                  () -> {
                    try {
                      times.add(k.purchase().totalNanos());
                    } catch (RuntimeException e) {
                      failures.incrementAndGet();
                      if (firstFailures.size() < 3) {
                        firstFailures.add(e.getMessage());
                      }
                    } finally {
                      busy.set(false);
                    }
                  });
            },
            random.nextInt((int) periodMs),
            periodMs,
            TimeUnit.MILLISECONDS);
      }
      for (int s = 0; s < seconds; s++) {
        BenchBroker.sleep(1000);
        world.broker.requireAlive();
      }
      buying.set(false);
      scheduler.shutdownNow();
      drivers.shutdown();
      drivers.awaitTermination(2, TimeUnit.MINUTES);
      long rss = StartupFigure.vmRssKb(ProcessHandle.current().pid());

      // Every event delivered: each kiosk's outbox empties (rows go only on the central's ack).
      long deliverDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      long undelivered = Long.MAX_VALUE;
      long drainStart = System.nanoTime();
      while (System.nanoTime() < deliverDeadline) {
        undelivered = 0;
        for (BenchKiosk k : kiosks) {
          undelivered += k.journal().outbox().depth();
        }
        if (undelivered == 0) {
          break;
        }
        world.broker.requireAlive();
        BenchBroker.sleep(200);
      }
      long drainNanos = System.nanoTime() - drainStart;
      // Delivered is not enough: the central must also have taken every event and request.
      LedgerSnapshot.Counters counters = world.central.ledger().counters();
      long rejected = counters.rejectedEvents() + counters.rejectedRequests();

      ObjectNode r = Figures.figure("fleet-size");
      r.put("kiosks", n);
      r.put("purchases", times.size());
      r.put("failures", failures.get());
      r.put("skippedBusy", skipped.get());
      long[] samples = times.stream().mapToLong(Long::longValue).toArray();
      long p99 = Long.MAX_VALUE;
      if (samples.length > 0) {
        Percentiles p = new Percentiles(samples);
        p99 = p.p(99);
        r.put("purchaseP50Ms", Figures.millis(p.p(50)));
        r.put("purchaseP99Ms", Figures.millis(p99));
        r.put("purchaseMaxMs", Figures.millis(p.max()));
      }
      r.put("purchasesPerSecond", Figures.round(samples.length / (double) seconds));
      r.put("undeliveredEvents", undelivered);
      r.put("rejectedByCentral", rejected);
      r.put("deliverySettleSeconds", Figures.round(drainNanos / 1e9));
      r.put("startUpSeconds", Figures.round(startUpNanos / 1e9));
      r.put("threads", threadsPerFleet);
      r.put("threadsPerKiosk", Figures.round(threadsPerFleet / (double) n));
      r.put("rssMb", Figures.round(rss / 1024.0));
      r.put("heapMaxMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
      if (!firstFailures.isEmpty()) {
        r.put("firstFailures", String.join(" | ", firstFailures));
      }
      boolean held =
          samples.length > 0
              && failures.get() == 0
              && skipped.get() == 0
              && undelivered == 0
              && rejected == 0
              && p99 < HOLD_P99_NANOS;
      r.put("held", held);
      return r;
    } finally {
      scheduler.shutdownNow();
      drivers.shutdownNow();
      kiosks.parallelStream().forEach(BenchKiosk::close);
      world.close();
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
