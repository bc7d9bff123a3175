package org.gaskiosk.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code java -jar kiosk-app.jar [--config /etc/gaskiosk/kiosk.properties]}: the kiosk controller
 * as systemd runs it ({@code gaskiosk.service}).
 *
 * <p>Exit status: 0 after a clean stop (143 when the JVM reports the SIGTERM), 78 (EX_CONFIG) when
 * the configuration or the secrets are unusable (the unit does not restart on it: a restart cannot
 * fix a file), 1 when start-up failed otherwise (the unit restarts).
 */
public final class Main {
  public static final String DEFAULT_CONFIG = "/etc/gaskiosk/kiosk.properties";
  static final int EX_CONFIG = 78;

  private Main() {}

  public static void main(String[] args) {
    int status = run(args, System.getenv(), System.err);
    if (status != 0) {
      System.exit(status);
    }
    // Running: non-daemon threads (Jetty's) keep the JVM up until SIGTERM runs the shutdown hook.
  }

  /** Starts the controller and returns 0 with it running, or the exit status of a failure. */
  static int run(String[] args, Map<String, String> env, PrintStream err) {
    Path file;
    if (args.length == 0) {
      file = Path.of(DEFAULT_CONFIG);
    } else if (args.length == 2 && args[0].equals("--config")) {
      file = Path.of(args[1]);
    } else {
      err.println("usage: kiosk-app [--config FILE]   (default " + DEFAULT_CONFIG + ")");
      return 2;
    }
    AppConfig config;
    Secrets secrets;
    try {
      config = AppConfig.load(file);
      secrets = Secrets.load(config, env);
    } catch (AppConfig.Invalid e) {
      err.println("gaskiosk: invalid configuration " + file + ": " + e.getMessage());
      return EX_CONFIG;
    }
    // Logback reads this when the first logger is created: nothing may log before this line.
    System.setProperty("kiosk.logs", config.logsDir().toString());
    Notifier notifier = SdNotify.fromEnvironment(env);
    FaultRelay faults = new FaultRelay();
    Clock clock = Clock.systemDefaultZone();
    KioskApp app;
    try {
      Devices devices = RealDevices.open(config, clock, faults);
      app =
          KioskApp.start(
              config,
              secrets,
              devices,
              faults,
              clock,
              notifier,
              Watchdog.intervalFrom(env, ProcessHandle.current().pid()));
    } catch (Exception e) {
      err.println("gaskiosk: could not start: " + e.getMessage());
      org.slf4j.LoggerFactory.getLogger(Main.class).error("start-up failed", e);
      notifier.send("STATUS=start-up failed: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "gaskiosk-stop"));
    return 0;
  }
}
