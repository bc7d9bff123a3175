package org.gaskiosk.sim.chaos;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Map;

/**
 * {@code kiosk-demo.jar chaos --seed N --sessions M [--kiosks K] [--replay-to STEP]}: runs a seeded
 * fault campaign and prints what it did and found. Exit status 0 when every invariant held, 1 on a
 * violation (with the seed and the step that replays it), 2 on bad options.
 */
public final class ChaosMain {
  private ChaosMain() {}

  /** Parses the options after {@code chaos}, runs, prints; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (!java.util.Arrays.asList(args).contains("--log")) {
      quietLogs();
    }
    Campaign.Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("kiosk-demo chaos: " + e.getMessage());
      err.println(
          "usage: kiosk-demo chaos [--seed N] --sessions M [--kiosks K] [--replay-to STEP]"
              + " [--trace] [--log]");
      return 2;
    }
    out.println(
        "chaos campaign: seed "
            + options.seed()
            + ", "
            + options.sessions()
            + " sessions, "
            + options.kiosks()
            + " kiosks"
            + (options.replayTo() > 0 ? ", replaying to step " + options.replayTo() : ""));
    out.flush();
    long started = System.nanoTime();
    Campaign.Result r;
    try {
      boolean printTrace = java.util.Arrays.asList(args).contains("--trace");
      r =
          Campaign.run(
              options,
              Variants.PRODUCTION,
              printTrace ? out::println : null,
              line -> err.println("chaos: " + line));
    } catch (Exception e) {
      err.println("kiosk-demo chaos: the campaign itself failed: " + e);
      e.printStackTrace(err);
      return 1;
    }
    print(r, (System.nanoTime() - started) / 1_000_000, out);
    return r.passed() ? 0 : 1;
  }

  static void print(Campaign.Result r, long millis, PrintStream out) {
    if (r.replayStopped()) {
      out.println("replay stopped after step " + r.steps() + "; the last steps:");
      r.traceTail().forEach(l -> out.println("  " + l));
    }
    out.println("sessions run        " + r.sessions());
    out.println("steps               " + r.steps());
    out.println("faults injected");
    long total = 0;
    for (Map.Entry<String, Long> e : r.faults().entrySet()) {
      out.printf("  %-24s %d%n", e.getKey(), e.getValue());
      total += e.getValue();
    }
    out.printf("  %-24s %d%n", "total", total);
    out.println("cash taken          " + r.cashIn() + " fen");
    out.println(
        "cash reconciled     "
            + r.refunded()
            + " fen refunded by staff in "
            + r.reconciliations()
            + " reconciliations");
    out.println(
        "QR payments         "
            + r.qrPayments()
            + ": the provider kept "
            + r.qrKept()
            + " fen, took and refunded "
            + r.qrRefunded()
            + " fen (paid after the kiosk cancelled)");
    out.println("invariant checks    " + (r.checksPassed() + r.checksFailed()));
    out.println("trace digest        " + r.traceDigest());
    out.println("time                " + millis + " ms");
    out.println(r.checksPassed() + " passed, " + r.checksFailed() + " failed");
    if (!r.passed()) {
      out.println("VIOLATION at step " + r.violationStep() + ":");
      r.violations().forEach(v -> out.println("  " + v));
      out.println("the last steps:");
      r.traceTail().forEach(l -> out.println("  " + l));
      out.println(
          "replay: kiosk-demo chaos --seed "
              + r.seed()
              + " --sessions "
              + r.sessionsPlanned()
              + " --kiosks "
              + r.kiosks()
              + " --replay-to "
              + r.violationStep());
    }
    out.flush();
  }

  /**
   * The campaign injects thousands of faults on purpose; the controller logs each as it would in
   * the field. Those logs are not the campaign's output, so they go nowhere (the demo's log file is
   * not touched either).
   */
  static void quietLogs() {
    System.setProperty(
        "kiosk.data",
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "kiosk-chaos").toString());
    if (org.slf4j.LoggerFactory.getILoggerFactory()
        instanceof ch.qos.logback.classic.LoggerContext ctx) {
      ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.OFF);
      ctx.getLogger("org.gaskiosk").setLevel(ch.qos.logback.classic.Level.OFF);
    }
  }

  static Campaign.Options parse(String[] args) {
    Long seed = null;
    Integer sessions = null;
    int kiosks = 2;
    long replayTo = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--trace") || a.equals("--log")) {
        continue; // read by run()
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--seed" -> seed = number(a, v);
        case "--sessions" -> sessions = (int) range(a, number(a, v), 1, 1_000_000);
        case "--kiosks" -> kiosks = (int) range(a, number(a, v), 1, 16);
        case "--replay-to" -> replayTo = range(a, number(a, v), 1, Long.MAX_VALUE);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (sessions == null) {
      throw new IllegalArgumentException("--sessions is required");
    }
    if (seed == null) {
      seed = new SecureRandom().nextLong() & Long.MAX_VALUE; // printed, so the run can be repeated
    }
    return new Campaign.Options(seed, sessions, kiosks, replayTo);
  }

  private static long number(String option, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, got '" + v + "'");
    }
  }

  private static long range(String option, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          option + " must be from " + min + " to " + max + ", got " + v);
    }
    return v;
  }
}
