package org.gaskiosk.sim.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figure 1: the controller's own time per purchase (insert to loaded, less the central system's
 * round trips and the simulated card's time) beside the floor measured in the same run: as many raw
 * durable H2 commits as the journal made on the purchase's path. Purchases and floor rounds
 * alternate in blocks so machine noise hits both alike.
 */
final class OverheadFigure {
  static final long FEN = 1_000;
  private static final int BLOCK = 50;

  private OverheadFigure() {}

  static ObjectNode run(BenchWorld world, BenchKiosk kiosk, Path floorFolder, int purchases)
      throws Exception {
    kiosk.awaitConnected(Duration.ofSeconds(30));
    int warmup = Math.min(100, Math.max(10, purchases / 10));
    Map<Long, Integer> commitCounts = new TreeMap<>();
    List<PurchaseTiming> timings = new ArrayList<>();
    for (int i = 0; i < warmup; i++) {
      kiosk.purchase();
    }
    try (RawCommitFloor floor = new RawCommitFloor(floorFolder, 0)) {
      floor.run(warmup * 8); // warms JDBC and the file like the purchases' warm-up
      long[] floorNanos = new long[purchases];
      long allBefore = kiosk.allCommits();
      int done = 0;
      while (done < purchases) {
        int block = Math.min(BLOCK, purchases - done);
        for (int i = 0; i < block; i++) {
          PurchaseTiming t = kiosk.purchase();
          timings.add(t);
          commitCounts.merge(t.engineCommits(), 1, Integer::sum);
        }
        // The floor: the commits the journal made on the path of the purchases just measured.
        for (int i = 0; i < block; i++) {
          floorNanos[done + i] = floor.run((int) timings.get(done + i).engineCommits());
        }
        done += block;
      }
      long allCommits = kiosk.allCommits() - allBefore;
      return figure(timings, floorNanos, commitCounts, allCommits);
    }
  }

  private static ObjectNode figure(
      List<PurchaseTiming> timings,
      long[] floorNanos,
      Map<Long, Integer> commitCounts,
      long allCommits) {
    int n = timings.size();
    Percentiles overhead =
        new Percentiles(timings.stream().mapToLong(PurchaseTiming::overheadNanos).toArray());
    Percentiles total =
        new Percentiles(timings.stream().mapToLong(PurchaseTiming::totalNanos).toArray());
    Percentiles central =
        new Percentiles(timings.stream().mapToLong(PurchaseTiming::centralNanos).toArray());
    Percentiles card =
        new Percentiles(timings.stream().mapToLong(PurchaseTiming::cardNanos).toArray());
    Percentiles floor = new Percentiles(floorNanos);
    ObjectNode f = Figures.figure("controller-overhead");
    f.put("purchases", n);
    f.put("unit", "ms");
    f.put("overheadP50", Figures.millis(overhead.p(50)));
    f.put("overheadP99", Figures.millis(overhead.p(99)));
    f.put("floorP50", Figures.millis(floor.p(50)));
    f.put("floorP99", Figures.millis(floor.p(99)));
    double ratio50 = (double) overhead.p(50) / floor.p(50);
    double ratio99 = (double) overhead.p(99) / floor.p(99);
    f.put("ratioP50", Figures.round(ratio50));
    f.put("ratioP99", Figures.round(ratio99));
    ObjectNode counts = f.putObject("durableCommitsPerPurchase");
    commitCounts.forEach((k, v) -> counts.put(String.valueOf(k), v));
    f.put(
        "allDurableCommitsPerPurchase",
        Figures.round((double) allCommits / n)); // also the uplink's outbox deletions
    f.put("totalP50", Figures.millis(total.p(50)));
    f.put("totalP99", Figures.millis(total.p(99)));
    f.put("centralWaitP50", Figures.millis(central.p(50)));
    f.put("centralWaitP99", Figures.millis(central.p(99)));
    f.put("cardP50", Figures.millis(card.p(50)));
    f.put("cardP99", Figures.millis(card.p(99)));
    f.put(
        "note",
        "overhead = insert-to-loaded less central round trips and simulated-card time; floor = the"
            + " same number of raw WRITE_DELAY=0 + CHECKPOINT SYNC commits");
    Figures.goal(f, "overhead/floor p50", ratio50, 1.5, true);
    return f;
  }

  /** A kiosk for figures 1 and 2 in {@code folder}. */
  static BenchKiosk kiosk(BenchWorld world, Path folder) throws Exception {
    return new BenchKiosk(
        world.broker.uri(),
        "BENCH-1",
        folder.resolve("kiosk"),
        folder.resolve("cards"),
        world.keys,
        0,
        Clock.systemUTC());
  }
}
