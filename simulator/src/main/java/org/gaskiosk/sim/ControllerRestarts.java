package org.gaskiosk.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.gaskiosk.core.engine.KioskConfig;
import org.gaskiosk.core.engine.KioskEngine;
import org.gaskiosk.core.engine.RemoteConfig;
import org.gaskiosk.core.fleet.CommandHandler;
import org.gaskiosk.core.fleet.ConfigApplier;
import org.gaskiosk.core.fleet.FleetAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process restarts of the controller, the demo's stand-in for a process restart: the engine is
 * closed and a new one built over the same journal and devices (its start runs the journal's
 * recovery, as after a power cycle). Used by the {@code reboot} command and to apply a signed
 * configuration ({@link RemoteConfig}), which the engine takes only at construction. Both happen
 * only while no customer is mid-transaction: {@code reboot} is disruptive, and configurations wait
 * for the idle kiosk (docs/mqtt.md).
 *
 * <p>What a real restart does and this does not: the uplink and the fleet agent keep running, so
 * the presence keeps its {@code bootId}.
 */
final class ControllerRestarts implements ConfigApplier, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControllerRestarts.class);

  private final ControllerSlot slot;
  private final Function<KioskConfig, KioskEngine> startEngine;
  private final KioskConfig defaults;
  private final Duration defaultTelemetry;
  private final ExecutorService restarter =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "controller-restart");
            t.setDaemon(true);
            return t;
          });
  private volatile KioskConfig current;
  private volatile FleetAgent fleet;

  /**
   * @param startEngine builds and starts an engine with a configuration
   * @param defaults the kiosk's own settings: what the running engine has at first
   */
  ControllerRestarts(
      ControllerSlot slot,
      Function<KioskConfig, KioskEngine> startEngine,
      KioskConfig defaults,
      Duration defaultTelemetry) {
    this.slot = slot;
    this.startEngine = startEngine;
    this.defaults = defaults;
    this.defaultTelemetry = defaultTelemetry;
    this.current = defaults;
  }

  /** The fleet agent whose telemetry interval a configuration sets; before its start. */
  void attach(FleetAgent fleet) {
    this.fleet = Objects.requireNonNull(fleet);
  }

  KioskConfig current() {
    return current;
  }

  /** Fleet thread, no customer mid-transaction. */
  @Override
  public String apply(long version, JsonNode config) {
    RemoteConfig.Parsed parsed = RemoteConfig.parse(config, defaults, defaultTelemetry);
    if (parsed instanceof RemoteConfig.Refused r) {
      return r.reason();
    }
    RemoteConfig rc = ((RemoteConfig.Accepted) parsed).config();
    if (!rc.kiosk().equals(current)) {
      restart(rc.kiosk(), "configuration " + version);
    }
    FleetAgent f = fleet;
    if (f != null && !f.telemetryInterval().equals(rc.telemetryInterval())) {
      f.setTelemetryInterval(rc.telemetryInterval());
    }
    return null;
  }

  /**
   * {@code reboot}: answered {@code done} first (the result is journaled when the handler returns),
   * then the controller restarts on its own thread.
   */
  CommandHandler reboot() {
    return CommandHandler.of(
        true,
        args -> {
          restarter.execute(() -> restart(current, "reboot command"));
          return CommandHandler.Outcome.done(
              "controller restarting over the same journal and devices");
        });
  }

  private synchronized void restart(KioskConfig config, String why) {
    log.info("restarting the controller ({})", why);
    slot.replace(() -> startEngine.apply(config));
    current = config;
    log.info("controller restarted ({})", why);
  }

  @Override
  public void close() {
    restarter.shutdownNow();
    try {
      restarter.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
