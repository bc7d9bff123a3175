package org.gaskiosk.sim.central;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaskiosk.core.fleet.CommandHandler;
import org.gaskiosk.core.fleet.FleetAgent;
import org.gaskiosk.core.fleet.FleetConfig;
import org.gaskiosk.core.fleet.KioskControl;
import org.gaskiosk.core.fleet.KioskMode;
import org.gaskiosk.core.fleet.TelemetrySources;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.uplink.MqttUplink;
import org.gaskiosk.core.uplink.UplinkConfig;

/**
 * A kiosk as the composition root wires fleet operations: journal (H2 in memory), uplink and fleet
 * agent, with a stand-in engine whose "customer present" a test switches.
 */
final class FleetKiosk implements AutoCloseable, KioskControl {
  final List<KioskMode> modes = new CopyOnWriteArrayList<>();
  final List<String> applied = new CopyOnWriteArrayList<>();
  final List<String> printed = new CopyOnWriteArrayList<>();
  volatile boolean customerPresent;
  final JournalDatabase db;
  final RechargeJournal journal;
  final MqttUplink uplink;
  final FleetAgent agent;

  FleetKiosk(UplinkConfig uplinkConfig, CentralSimulator central, Path dataFolder) {
    String id = uplinkConfig.kioskId();
    db = JournalDatabase.openInMemory("fleet-" + id + "-" + System.nanoTime());
    journal = new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);
    uplink = new MqttUplink(uplinkConfig, journal.outbox(), Clock.systemUTC(), "boot-1");
    agent =
        new FleetAgent(
            FleetConfig.defaults(id, dataFolder, central.commandPublicKey())
                .withTelemetryInterval(Duration.ofSeconds(1))
                .withIdleCheckInterval(Duration.ofMillis(50)),
            Clock.systemUTC(),
            "boot-1",
            uplink.fleet(),
            this,
            journal::record,
            (version, config) -> {
              applied.add(version + ":" + config);
              return null;
            },
            new TelemetrySources(
                () -> Map.of("bill-acceptor", "idle", "printer", "ok"),
                () -> new TelemetrySources.CashBox(3, 15_000),
                dataFolder,
                TelemetrySources.LINUX_THERMAL),
            Map.of(
                "print-test",
                CommandHandler.of(
                    false,
                    args -> {
                      printed.add("test page");
                      return CommandHandler.Outcome.done("test page printed");
                    })));
    uplink.start();
    agent.start();
  }

  @Override
  public boolean customerMidTransaction() {
    return customerPresent;
  }

  @Override
  public void setMode(KioskMode mode) {
    modes.add(mode);
  }

  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Idempotent: a test may close it early, the suite closes everything at the end. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    agent.close();
    uplink.close();
    db.close();
  }
}
