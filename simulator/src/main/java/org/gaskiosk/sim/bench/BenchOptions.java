package org.gaskiosk.sim.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@code bench} and {@code fleet}.
 *
 * @param fleetOnly {@code fleet}: one fleet of {@code kiosks}, no other figure
 * @param quick far fewer purchases and events: proves every figure is produced (CI)
 * @param data where the run keeps its journals, cards, broker and logs
 * @param report where a full run writes its Markdown table, or null for none
 * @param purchases purchases measured for figure 1 (and done before the memory reading)
 * @param drainEvents outbox events queued for figure 4
 * @param kiosks {@code fleet}: the fleet size; {@code bench}: the largest size tried
 * @param fleetSeconds how long each fleet size buys
 * @param buyEverySeconds each fleet kiosk starts a purchase this often
 */
record BenchOptions(
    boolean fleetOnly,
    boolean quick,
    Path data,
    Path report,
    int purchases,
    int drainEvents,
    int kiosks,
    int fleetSeconds,
    double buyEverySeconds,
    Set<String> only) {

  static final List<String> FIGURES = List.of("overhead", "cards", "startup", "drain", "fleet");

  /** Whether this run measures {@code figure} (all unless {@code --only} chose some). */
  boolean measures(String figure) {
    return only.isEmpty() || only.contains(figure);
  }

  static final String USAGE =
      "usage: kiosk-demo.jar bench [--quick] [--data DIR] [--report FILE] [--purchases N]"
          + " [--drain-events N] [--kiosks MAX]"
          + " [--only overhead,cards,startup,drain,fleet]\n"
          + "       kiosk-demo.jar fleet --kiosks N [--seconds S] [--every S] [--data DIR]";

  static BenchOptions parse(String[] args) {
    boolean fleet = args[0].equals("fleet");
    boolean quick = false;
    Path data = null;
    Path report = null;
    boolean reportSet = false;
    Integer purchases = null;
    Integer drain = null;
    Integer kiosks = null;
    Integer seconds = null;
    double every = 5;
    Set<String> only = Set.of();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> quick = true;
        case "--data" -> data = Path.of(value(args, ++i, a));
        case "--report" -> {
          report = Path.of(value(args, ++i, a));
          reportSet = true;
        }
        case "--purchases" -> purchases = positive(args, ++i, a);
        case "--drain-events" -> drain = positive(args, ++i, a);
        case "--kiosks" -> kiosks = positive(args, ++i, a);
        case "--only" -> {
          only = Set.of(value(args, ++i, a).split(","));
          for (String f : only) {
            if (!FIGURES.contains(f)) {
              throw new IllegalArgumentException("--only takes some of " + FIGURES + ", got " + f);
            }
          }
        }
        case "--seconds" -> seconds = positive(args, ++i, a);
        case "--every" -> {
          try {
            every = Double.parseDouble(value(args, ++i, a));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--every needs seconds, got " + args[i]);
          }
          if (!(every > 0)) {
            throw new IllegalArgumentException("--every must be positive");
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (fleet && kiosks == null) {
      throw new IllegalArgumentException("fleet needs --kiosks N");
    }
    if (data == null) {
      data = Path.of("bench-data", (fleet ? "fleet-" : "bench-") + Instant.now().toEpochMilli());
    }
    if (!reportSet && !quick && !fleet && only.isEmpty()) {
      report = Path.of("docs", "benchmarks.md");
    }
    return new BenchOptions(
        fleet,
        quick,
        data,
        report,
        purchases != null ? purchases : quick ? 50 : 1_000,
        drain != null ? drain : quick ? 2_000 : 100_000,
        kiosks != null ? kiosks : quick ? 5 : 2_000,
        seconds != null ? seconds : quick ? 6 : 60,
        every,
        only);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String[] args, int i, String option) {
    String v = value(args, i, option);
    try {
      int n = Integer.parseInt(v);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a positive whole number, got " + v);
    }
  }
}
