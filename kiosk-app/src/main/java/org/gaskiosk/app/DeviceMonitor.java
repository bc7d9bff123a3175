package org.gaskiosk.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gaskiosk.core.fleet.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the card reader and the printer how they are, every few seconds, and turns the answer into a
 * fault ({@code card-reader/unavailable}, {@code printer/unavailable}) raised or cleared: the
 * acceptor reports its own faults, these two only answer when asked. The last answers are kept for
 * telemetry, which must not block.
 */
final class DeviceMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceMonitor.class);

  private final Map<String, Supplier<String>> probes;
  private final FaultRelay faults;
  private final Duration interval;
  private final Map<String, String> last = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "device-monitor");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param probes device name to a health question answering "ok" or what is wrong
   */
  DeviceMonitor(Map<String, Supplier<String>> probes, FaultRelay faults, Duration interval) {
    this.probes = Map.copyOf(probes);
    this.faults = faults;
    this.interval = interval;
  }

  /** Checks once now (so start-up faults are raised before the first screen), then periodically. */
  void start() {
    checkAll();
    long every = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::checkAll, every, every, TimeUnit.MILLISECONDS);
  }

  /** Each device's last answer. */
  Map<String, String> last() {
    return Map.copyOf(last);
  }

  private void checkAll() {
    probes.forEach(
        (device, probe) -> {
          String health;
          try {
            health = probe.get();
          } catch (RuntimeException e) {
            health = "health check failed: " + e;
          }
          String before = last.put(device, health);
          if (!health.equals(before)) {
            LOG.info("{}: {}", device, health);
          }
          if (health.equals("ok")) {
            faults.clearFault(device, "unavailable");
          } else {
            faults.raiseFault(device, "unavailable", Severity.CRITICAL, health);
          }
        });
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
