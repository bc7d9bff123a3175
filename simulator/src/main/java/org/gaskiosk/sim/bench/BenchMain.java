package org.gaskiosk.sim.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code kiosk-demo.jar bench [--quick]} and {@code kiosk-demo.jar fleet --kiosks N}: the
 * benchmarks of docs/benchmarks.md. Each figure is one JSON line on stdout; logs go to the run's
 * folder.
 */
public final class BenchMain {
  private BenchMain() {}

  /** Runs {@code args} (the first is "bench" or "fleet"); returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("kiosk-demo " + args[0] + ": " + e.getMessage());
      err.println(BenchOptions.USAGE);
      return 2;
    }
    try {
      Files.createDirectories(options.data());
      // Logback reads this when the first logger is created: the log lives with the run's data.
      System.setProperty("kiosk.data", options.data().toAbsolutePath().toString());
      Figures figures = new Figures(out);
      if (options.fleetOnly()) {
        FleetFigure.runOne(options, figures);
      } else {
        new BenchRun(options, figures).run();
      }
      return 0;
    } catch (Exception e) {
      err.println("kiosk-demo " + args[0] + ": failed: " + e);
      org.slf4j.LoggerFactory.getLogger(BenchMain.class).error("benchmark failed", e);
      return 1;
    }
  }

  /** The commands this class serves. */
  public static boolean serves(String command) {
    return List.of("bench", "fleet").contains(command);
  }

  public static void main(String[] args) {
    if (args.length == 0 || !serves(args[0])) {
      System.err.println(BenchOptions.USAGE + " (got " + Arrays.toString(args) + ")");
      System.exit(2);
    }
    System.exit(run(args, System.out, System.err));
  }

  static Path jarOrClasses() {
    try {
      return Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (Exception e) {
      throw new IllegalStateException("cannot locate the benchmark's own classes", e);
    }
  }
}
