package org.gaskiosk.sim;

import java.io.PrintStream;
import java.util.Arrays;
import org.gaskiosk.sim.bench.BenchMain;
import org.gaskiosk.sim.chaos.ChaosMain;

/**
 * {@code java -jar kiosk-demo.jar [options]}: starts the whole simulated kiosk and prints where to
 * look. A command-line program, so it prints its result on stdout; everything else goes through
 * SLF4J.
 */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    if (args.length > 0 && BenchMain.serves(args[0])) {
      System.exit(BenchMain.run(args, out, err));
    }
    if (args.length > 0 && args[0].equals("chaos")) {
      System.exit(ChaosMain.run(Arrays.copyOfRange(args, 1, args.length), out, err));
    }
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (DemoOptions.Invalid e) {
      err.println("kiosk-demo: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Logback reads this when the first logger is created: the demo's log file lives with its data.
    System.setProperty("kiosk.data", options.data().toAbsolutePath().toString());
    Demo demo;
    try {
      demo = Demo.start(options);
    } catch (Exception e) {
      err.println("kiosk-demo: could not start: " + e.getMessage());
      // The message above is for the operator; the trace goes to the log file only.
      org.slf4j.LoggerFactory.getLogger(DemoMain.class).info("start-up failed", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-shutdown"));
    out.println();
    out.println("Gas kiosk demo is running (" + Arrays.toString(args) + ")");
    out.println("  kiosk screen      http://127.0.0.1:" + demo.kioskPort() + "/");
    out.println("  kiosk API         http://127.0.0.1:" + demo.kioskPort() + "/api/state");
    out.println("  simulator API     http://127.0.0.1:" + demo.simPort() + "/sim/cards");
    out.println("  MQTT broker       " + demo.brokerUri());
    out.println("  data              " + options.data().toAbsolutePath());
    out.println(
        "Insert a card: curl -XPOST http://127.0.0.1:"
            + demo.simPort()
            + "/sim/cards/3100000000000001/insert   (docs/automation-api.md has the rest)");
    out.println("Stop with Ctrl-C.");
    out.flush();
  }
}
