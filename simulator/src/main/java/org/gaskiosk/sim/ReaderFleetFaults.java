package org.gaskiosk.sim;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gaskiosk.core.fleet.Faults;
import org.gaskiosk.core.fleet.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card reader's health into the fleet's fault lifecycle: the reader is a required device, so a
 * missing reader or a lost PC/SC service takes the kiosk out of service until it is back. The
 * reader reports health only when asked, so it is asked every few seconds (listing readers, as
 * telemetry does; no card command).
 */
final class ReaderFleetFaults implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(ReaderFleetFaults.class);

  private final Supplier<String> health;
  private final Faults faults;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "reader-health");
            t.setDaemon(true);
            return t;
          });

  ReaderFleetFaults(Supplier<String> health, Faults faults) {
    this.health = health;
    this.faults = faults;
  }

  ReaderFleetFaults start() {
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            check();
          } catch (RuntimeException e) {
            log.warn("card reader health check failed", e);
          }
        },
        0,
        INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** Asks the reader once and raises or clears its fault accordingly. */
  void check() {
    String h = health.get();
    faults.reconcile(
        "card-reader",
        h.equals("ok")
            ? List.of()
            : List.of(new Faults.Reported(code(h), Severity.CRITICAL, "Card reader: " + h)));
  }

  static String code(String health) {
    if (health.startsWith("no reader")) {
      return "no-reader";
    }
    if (health.startsWith("pc/sc service lost")) {
      return "service-lost";
    }
    return "reader-error";
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
