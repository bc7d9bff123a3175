package org.gaskiosk.app;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds systemd's watchdog ({@code WatchdogSec=}) with {@code WATCHDOG=1} only after a passing
 * {@link HealthCheck}, at half the watchdog period as sd_watchdog_enabled(3) advises. A failing
 * check sends {@code STATUS=} with the reason instead (shown by {@code systemctl status}); if it
 * keeps failing, systemd kills and restarts the controller. A check that hangs stops the feeding
 * too, which is the point.
 */
final class Watchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  private final HealthCheck check;
  private final Notifier notifier;
  private final Duration interval;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "watchdog");
            t.setDaemon(true);
            return t;
          });
  private String lastProblem;

  Watchdog(HealthCheck check, Notifier notifier, Duration interval) {
    this.check = check;
    this.notifier = notifier;
    this.interval = interval;
  }

  /**
   * Half of {@code WATCHDOG_USEC} when systemd asked this process for keep-alives ({@code
   * WATCHDOG_PID} absent or ours), else empty.
   */
  static Optional<Duration> intervalFrom(Map<String, String> env, long pid) {
    String usec = env.get("WATCHDOG_USEC");
    if (usec == null) {
      return Optional.empty();
    }
    String forPid = env.get("WATCHDOG_PID");
    if (forPid != null && !forPid.equals(Long.toString(pid))) {
      return Optional.empty();
    }
    try {
      long micros = Long.parseLong(usec.strip());
      return micros <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(micros * 1_000 / 2));
    } catch (NumberFormatException e) {
      LOG.error("WATCHDOG_USEC={} is not a number; not feeding the watchdog", usec);
      return Optional.empty();
    }
  }

  void start() {
    LOG.info(
        "feeding the systemd watchdog every {} ms after each health check", interval.toMillis());
    scheduler.scheduleWithFixedDelay(this::tick, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void tick() {
    Optional<String> problem;
    try {
      problem = check.check();
    } catch (RuntimeException e) {
      problem = Optional.of("health check failed: " + e);
    }
    if (problem.isEmpty()) {
      notifier.send("WATCHDOG=1");
      if (lastProblem != null) {
        LOG.warn("healthy again; feeding the watchdog");
        notifier.send("STATUS=serving");
        lastProblem = null;
      }
      return;
    }
    if (!problem.get().equals(lastProblem)) {
      LOG.error("unhealthy, not feeding the watchdog: {}", problem.get());
    }
    lastProblem = problem.get();
    notifier.send("STATUS=unhealthy: " + problem.get());
  }

  @Override
  public void close() {
    scheduler.shutdown();
    try {
      // A check in progress may finish; one that hangs is interrupted.
      if (!scheduler.awaitTermination(1, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      scheduler.shutdownNow();
    }
  }
}
