package org.gaskiosk.app;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gaskiosk.core.engine.KioskEngine;
import org.gaskiosk.core.engine.QrSettings;
import org.gaskiosk.core.fleet.CommandHandler;
import org.gaskiosk.core.fleet.FleetAgent;
import org.gaskiosk.core.fleet.FleetConfig;
import org.gaskiosk.core.fleet.TelemetrySources;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.core.uplink.MqttUplink;
import org.gaskiosk.core.uplink.UplinkConfig;
import org.gaskiosk.hw.bill.id003.Id003Acceptor;
import org.gaskiosk.hw.bill.id003.Id003Config;
import org.gaskiosk.ui.KioskUiServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production controller wired: journal, MQTT uplink, ID003 acceptor, engine, fleet agent,
 * device monitor, the touchscreen server on 127.0.0.1, and the systemd notifications. {@link
 * #start} returns once the journal is open and recovered, the devices were opened (or found absent
 * and reported), and the page is served; only then is {@code READY=1} sent.
 *
 * <p>{@link #close()} is the clean stop systemd's SIGTERM asks for: {@code STOPPING=1}, the
 * purchase in progress finished or parked ({@link KioskEngine#drain}), {@code offline} published,
 * every output in its shutdown state, the journal closed.
 */
public final class KioskApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KioskApp.class);

  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private final AppConfig config;
  private final Notifier notifier;
  private KioskEngine engine;
  private FleetAgent fleet;
  private MqttUplink uplink;
  private KioskUiServer ui;
  private RechargeJournal journal;
  private JournalDatabase db;
  private Devices devices;
  private DeviceMonitor monitor;
  private Watchdog watchdog;
  private boolean closed;

  private KioskApp(AppConfig config, Notifier notifier) {
    this.config = config;
    this.notifier = notifier;
  }

  /**
   * Starts the controller over {@code devices}; on failure whatever started is stopped again and
   * the exception leaves.
   *
   * @param watchdogInterval how often to feed systemd's watchdog, if it asked for it
   */
  public static KioskApp start(
      AppConfig config,
      Secrets secrets,
      Devices devices,
      FaultRelay faults,
      Clock clock,
      Notifier notifier,
      Optional<Duration> watchdogInterval)
      throws IOException {
    KioskApp app = new KioskApp(config, notifier);
    try {
      app.startAll(secrets, devices, faults, clock, watchdogInterval);
      return app;
    } catch (IOException | RuntimeException e) {
      app.close();
      throw e;
    }
  }

  private void startAll(
      Secrets secrets,
      Devices devices,
      FaultRelay faults,
      Clock clock,
      Optional<Duration> watchdogInterval)
      throws IOException {
    this.devices = devices;
    for (AutoCloseable r : devices.resources()) {
      open.push(r);
    }
    Files.createDirectories(config.dataDir());
    String kioskId = config.kiosk().kioskId();
    db = JournalDatabase.openFile(config.dataDir().resolve("journal"), true);
    open.push(db);
    journal = new RechargeJournal(db, clock, CrashPoint.NONE);
    String bootId = UUID.randomUUID().toString();

    UplinkConfig uplinkConfig =
        UplinkConfig.defaults(config.mqttUri(), kioskId)
            .withSoftwareVersion(version())
            .withRequestTimeout(config.mqttRequestTimeout());
    if (config.mqttUsername().isPresent()) {
      uplinkConfig =
          uplinkConfig.withCredentials(
              config.mqttUsername().get(), secrets.mqttPassword().orElseThrow());
    }
    if (config.mqttCaFile().isPresent()) {
      uplinkConfig = uplinkConfig.withBrokerCa(config.mqttCaFile().get());
    }
    uplink = new MqttUplink(uplinkConfig, journal.outbox(), clock, bootId);

    Id003Acceptor acceptor =
        new Id003Acceptor(
            devices.acceptorLink(),
            Id003Config.defaults(clock)
                .withAccepted(config.acceptedNotesFen())
                .withTiming(config.acceptorPoll(), Duration.ofMillis(500), Duration.ofSeconds(1)),
            faults);
    engine =
        new KioskEngine(
            config.kiosk(),
            clock,
            devices.reader(),
            acceptor,
            devices.printer(),
            devices.indicators(),
            uplink,
            journal);
    engine.withQr(devices.scanner(), QrSettings.defaults());
    monitor =
        new DeviceMonitor(
            Map.of("card-reader", devices.reader()::health, "printer", devices.printerHealth()),
            faults,
            config.deviceCheckInterval());
    fleet =
        new FleetAgent(
            new FleetConfig(
                kioskId,
                config.dataDir().resolve("fleet"),
                config.centralKey(),
                config.requiredDevices(),
                config.telemetryInterval(),
                Duration.ofSeconds(1),
                Duration.ofDays(7)),
            clock,
            bootId,
            uplink.fleet(),
            engine,
            journal::record,
            (version, cfg) ->
                "this build applies no remote configuration keys yet (version "
                    + version
                    + " kept)",
            new TelemetrySources(
                () -> {
                  Map<String, String> d = new LinkedHashMap<>(monitor.last());
                  d.put("bill-acceptor", acceptor.health());
                  return d;
                },
                () -> null,
                config.dataDir(),
                TelemetrySources.LINUX_THERMAL),
            Map.of("print-test", CommandHandler.of(false, args -> printTest(kioskId))));

    uplink.start();
    open.push(uplink);
    engine.start();
    open.push(engine);
    fleet.start();
    open.push(fleet);
    faults.attach(fleet.faults());
    monitor.start();
    open.push(monitor);

    ui = new KioskUiServer(engine, "127.0.0.1", config.uiPort());
    try {
      ui.start();
    } catch (RuntimeException e) {
      throw new IOException(
          "cannot serve the kiosk page on 127.0.0.1:"
              + config.uiPort()
              + " ("
              + e.getMessage()
              + "); is another controller running, or change ui.port",
          e);
    }
    open.push(ui);

    LOG.info(
        "kiosk {} serving on http://127.0.0.1:{}/ (mode {}, broker {})",
        kioskId,
        ui.port(),
        fleet.mode().kind().wireName(),
        config.mqttUri());
    notifier.send("READY=1\nSTATUS=serving, mode " + fleet.mode().kind().wireName());
    if (watchdogInterval.isPresent()) {
      watchdog =
          new Watchdog(
              new HealthCheck(
                  engine,
                  acceptor,
                  journal,
                  config.engineCheckTimeout(),
                  config.deviceLoopStallLimit(),
                  System::nanoTime),
              notifier,
              watchdogInterval.get());
      watchdog.start();
      open.push(watchdog);
    }
  }

  private CommandHandler.Outcome printTest(String kioskId) {
    var result =
        devices
            .printer()
            .print(new Receipt("test", List.of("打印测试 PRINT TEST", "终端 Kiosk: " + kioskId), "TEST"));
    return result.printed()
        ? CommandHandler.Outcome.done("test receipt printed")
        : CommandHandler.Outcome.failed(result.detail());
  }

  private static String version() {
    String v = KioskApp.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  public int uiPort() {
    return ui.port();
  }

  public KioskEngine engine() {
    return engine;
  }

  public FleetAgent fleet() {
    return fleet;
  }

  public RechargeJournal journal() {
    return journal;
  }

  /**
   * The clean stop: tells systemd, stops feeding the watchdog, stops fleet work (so no command or
   * mode change arrives mid-drain), drains the engine (the purchase in progress is finished or
   * parked while the uplink can still ask the central system), then closes the rest in reverse
   * start order: the page, the engine and acceptor, the uplink (retained {@code offline}), the
   * devices (every GPIO output to its shutdown state) and the journal.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    notifier.send("STOPPING=1\nSTATUS=stopping");
    LOG.info("stopping");
    closeQuietly(watchdog);
    closeQuietly(monitor);
    closeQuietly(fleet);
    if (engine != null && engine.isRunning()) {
      try {
        String screen = engine.drain("the controller is stopping", config.shutdownSettle());
        LOG.info("engine drained; screen {}", screen);
      } catch (RuntimeException e) {
        LOG.error("draining the engine failed; the journal's start-up rules settle it", e);
      }
    }
    if (devices != null) {
      devices.indicators().shutdown();
    }
    while (!open.isEmpty()) {
      closeQuietly(open.pop());
    }
    LOG.info("stopped");
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("while stopping {}", c, e);
    }
  }
}
