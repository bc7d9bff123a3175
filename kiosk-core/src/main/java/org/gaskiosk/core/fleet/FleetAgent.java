package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gaskiosk.core.journal.PendingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fleet operations of one kiosk, wired: {@link Faults} and the mode (pushed to the engine through
 * {@link KioskControl#setMode} and to the presence message), telemetry on a fixed interval, signed
 * remote commands and signed configuration. Everything but fault raising runs on one daemon thread
 * {@code fleet-{kioskId}}.
 *
 * <p>Start order in the composition root: construct (registers with the link), start the link,
 * {@link #start()}. {@link #close()} before the link's close.
 */
public final class FleetAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FleetAgent.class);

  private final FleetConfig config;
  private final FleetLink link;
  private final KioskControl control;
  private final Faults faults;
  private final ConfigUpdates configUpdates;
  private final RemoteCommands commands;
  private final Telemetry telemetry;
  private final TelemetryBacklog backlog;
  private final ScheduledThreadPoolExecutor executor;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile long configVersion;
  private volatile JsonNode currentConfig;
  private volatile Duration telemetryInterval;
  // guarded by this
  private ScheduledFuture<?> telemetryTask;
  // fleet thread only
  private KioskMode pushedMode;

  /**
   * @param handlers the commands this kiosk supports besides the built-in {@code lock}, {@code
   *     unlock} and {@code set-config} (e.g. {@code reboot}, {@code print-test})
   */
  public FleetAgent(
      FleetConfig config,
      Clock clock,
      String bootId,
      FleetLink link,
      KioskControl control,
      EventRecorder recorder,
      ConfigApplier applier,
      TelemetrySources sources,
      Map<String, CommandHandler> handlers) {
    this.config = Objects.requireNonNull(config, "config");
    this.link = Objects.requireNonNull(link, "link");
    this.control = Objects.requireNonNull(control, "control");
    SignedMessages signed = new SignedMessages(config.centralKey());
    this.faults =
        new Faults(
            recorder,
            config.dataFolder().resolve("fleet-state.json"),
            clock,
            config.requiredDevices());
    this.configUpdates =
        new ConfigUpdates(
            config.kioskId(),
            signed,
            config.dataFolder().resolve("config.json"),
            (version, cfg) -> {
              String refusal = applier.apply(version, cfg);
              if (refusal == null) {
                configVersion = version;
                currentConfig = cfg;
              }
              return refusal;
            },
            recorder,
            control::customerMidTransaction,
            clock);
    this.telemetryInterval = config.telemetryInterval();
    this.configVersion = configUpdates.version();
    this.currentConfig = configUpdates.current().orElse(null);
    Map<String, CommandHandler> all = new HashMap<>(handlers);
    all.put("lock", CommandHandler.of(true, this::lock));
    all.put("unlock", CommandHandler.of(false, args -> unlock()));
    all.put("set-config", CommandHandler.of(true, this::setConfig));
    all.putIfAbsent("resync", CommandHandler.of(false, args -> resync(recorder)));
    this.commands =
        new RemoteCommands(
            config.kioskId(),
            signed,
            new CommandLog(config.dataFolder().resolve("commands.log"), clock.instant()),
            all,
            recorder,
            control::customerMidTransaction,
            clock,
            config.maxCommandValidity());
    this.telemetry =
        new Telemetry(config.kioskId(), bootId, clock, sources, link, faults, () -> configVersion);
    this.backlog = new TelemetryBacklog(recorder, clock, TelemetryBacklog.MAX_PER_OUTAGE);
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "fleet-" + config.kioskId());
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    faults.onModeChange(m -> submit("mode", this::pushMode));
    link.onFleetMessage(this::received);
  }

  /**
   * Applies the stored configuration, tells the engine and the presence the mode, takes up deferred
   * commands, and starts telemetry and the idle checks. Returns when the first part is done.
   */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("fleet agent " + config.kioskId() + " already started");
    }
    Future<?> first =
        executor.submit(
            () -> {
              configUpdates.reapplyAtStart();
              pushMode();
              commands.restorePending();
            });
    try {
      first.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("fleet agent " + config.kioskId() + " could not start", e);
    }
    scheduleTelemetry(true);
    long idle = config.idleCheckInterval().toMillis();
    executor.scheduleWithFixedDelay(
        () -> guarded("idle check", this::idleTick), idle, idle, TimeUnit.MILLISECONDS);
  }

  /**
   * Telemetry from now on every {@code interval} (a configuration changed it); the next message
   * goes out within the new interval. Any thread.
   */
  public void setTelemetryInterval(Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("telemetry interval must be positive, got " + interval);
    }
    telemetryInterval = interval;
    submit("telemetry interval", () -> scheduleTelemetry(false));
  }

  /** The telemetry interval in force. */
  public Duration telemetryInterval() {
    return telemetryInterval;
  }

  /**
   * (Re)schedules telemetry at the current interval, the first message soon (at most 5 s) so a
   * fresh start or a new interval shows at once. Before start only start itself schedules.
   */
  private synchronized void scheduleTelemetry(boolean fromStart) {
    if (!fromStart && telemetryTask == null) {
      return;
    }
    if (telemetryTask != null) {
      telemetryTask.cancel(false);
    }
    long tele = telemetryInterval.toMillis();
    try {
      telemetryTask =
          executor.scheduleAtFixedRate(
              () -> guarded("telemetry", this::publishTelemetry),
              Math.min(tele, 5_000),
              tele,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("fleet {}: closed, telemetry not rescheduled", config.kioskId());
    }
  }

  /** Raise and clear faults here; the mode follows. Any thread. */
  public Faults faults() {
    return faults;
  }

  public KioskMode mode() {
    return faults.mode();
  }

  /** The configuration version applied last (0: none yet). */
  public long configVersion() {
    return configVersion;
  }

  /** The configuration applied last, if any. */
  public Optional<JsonNode> currentConfig() {
    return Optional.ofNullable(currentConfig);
  }

  /** The telemetry message as it would go out now. */
  public ObjectNode telemetryNow() {
    return telemetry.snapshot();
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void received(String suffix, byte[] payload) {
    submit(
        suffix,
        () -> {
          if (suffix.equals("cfg")) {
            configUpdates.received(payload);
          } else if (suffix.startsWith("cmd/")) {
            commands.received(suffix.substring(4), payload);
          }
        });
  }

  private void idleTick() {
    commands.tick();
    configUpdates.tick();
  }

  /** Live when the link takes it; journaled (bounded) while it cannot: {@link TelemetryBacklog}. */
  private void publishTelemetry() {
    ObjectNode sample = telemetry.snapshot();
    boolean live;
    try {
      live = link.offerTelemetry(JsonFile.JSON.writeValueAsBytes(sample));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
    if (live) {
      backlog.delivered(sample);
    } else {
      backlog.undelivered(sample, telemetryInterval);
    }
  }

  /**
   * Tells the engine and the presence the current mode, on the fleet thread: faults are raised on
   * device threads, and this keeps setMode calls in order and never concurrent.
   */
  private void pushMode() {
    KioskMode mode = faults.mode();
    if (mode.equals(pushedMode)) {
      return;
    }
    pushedMode = mode;
    control.setMode(mode);
    link.setPresenceMode(mode.kind().wireName(), mode.reason());
  }

  private void submit(String what, Runnable r) {
    try {
      executor.execute(() -> guarded(what, r));
    } catch (RejectedExecutionException e) {
      log.debug("fleet {}: closed, {} dropped", config.kioskId(), what);
    }
  }

  private CommandHandler.Outcome lock(JsonNode args) {
    String reason = args.path("reason").asText("locked by the central system");
    faults.lock(reason);
    return CommandHandler.Outcome.done("locked: " + reason);
  }

  private CommandHandler.Outcome unlock() {
    faults.unlock();
    return CommandHandler.Outcome.done("unlocked; mode now " + faults.mode().kind().wireName());
  }

  /**
   * The central system lost track of this kiosk (a restored database, a new console): the open
   * faults and the mode go out as one {@code faults.open} event (the central replaces its open set
   * with it; faults are not raised twice), and the link republishes presence, resends everything
   * unacknowledged and asks for the retained configuration again.
   */
  private CommandHandler.Outcome resync(EventRecorder recorder) {
    List<Map<String, Object>> open = new ArrayList<>();
    for (Fault f : faults.open()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("faultId", f.faultId());
      m.put("device", f.device());
      m.put("code", f.code());
      m.put("severity", f.severity().wireName());
      m.put("text", f.text());
      m.put("raisedAt", f.raisedAt().toString());
      open.add(m);
    }
    KioskMode mode = faults.mode();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("faults", open);
    body.put("mode", mode.kind().wireName());
    body.put("reason", mode.reason());
    body.put("configVersion", configVersion);
    recorder.record(List.of(new PendingEvent("faults.open", body)));
    boolean linked = link.resync();
    return CommandHandler.Outcome.done(
        open.size()
            + " open fault(s) reported; "
            + (linked
                ? "presence, unacknowledged events and cfg requested again"
                : "link down: the next connection resends everything"));
  }

  private CommandHandler.Outcome setConfig(JsonNode args) {
    if (!args.path("version").canConvertToLong() || !args.path("config").isObject()) {
      return CommandHandler.Outcome.failed("set-config needs args {version, config}");
    }
    long version = args.get("version").asLong();
    String refusal = configUpdates.applyNow(version, args.get("config"), "cmd");
    return refusal == null
        ? CommandHandler.Outcome.done("configuration " + version + " applied")
        : CommandHandler.Outcome.failed(refusal);
  }

  private void guarded(String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.error("fleet {}: {} failed", config.kioskId(), what, e);
    }
  }
}
