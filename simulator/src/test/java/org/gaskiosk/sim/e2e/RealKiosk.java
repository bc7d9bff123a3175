package org.gaskiosk.sim.e2e;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.engine.KioskConfig;
import org.gaskiosk.core.engine.KioskEngine;
import org.gaskiosk.core.engine.KioskView;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.port.Indicators;
import org.gaskiosk.core.uplink.MqttUplink;
import org.gaskiosk.core.uplink.UplinkConfig;
import org.gaskiosk.hw.card.PcscCardReader;
import org.gaskiosk.hw.printer.EscPosPrinter;
import org.gaskiosk.hw.printer.PrinterConfig;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.card.SimTerminalProvider;
import org.gaskiosk.sim.devices.SimBillAcceptor;
import org.gaskiosk.sim.printer.SimEscPosPrinter;

/**
 * One production controller (journal on disk, MQTT uplink, engine, javax.smartcardio reader) over a
 * simulated card slot and a central simulator that outlive it, as devices and the gas company
 * outlive a kiosk's power cut.
 */
final class RealKiosk implements AutoCloseable {
  final String kioskId;
  final SimCardSlot slot;
  final SimBillAcceptor acceptor = new SimBillAcceptor();
  final JournalDatabase db;
  final RechargeJournal journal;
  final MqttUplink uplink;
  final KioskEngine engine;
  private final EscPosPrinter printer;

  RealKiosk(String kioskId, Path folder, SimCardSlot slot, String brokerUri, CrashPoint crash)
      throws Exception {
    Clock clock = Clock.systemDefaultZone();
    this.kioskId = kioskId;
    this.slot = slot;
    this.db = JournalDatabase.openFile(folder.resolve("journal"), true);
    this.journal = new RechargeJournal(db, clock, crash);
    this.uplink =
        new MqttUplink(
            UplinkConfig.defaults(brokerUri, kioskId).withRequestTimeout(Duration.ofSeconds(5)),
            journal.outbox(),
            clock,
            UUID.randomUUID().toString());
    uplink.start();
    SimEscPosPrinter sim = SimEscPosPrinter.open(folder.resolve("printer"), clock);
    this.printer =
        new EscPosPrinter(sim.link("sim-printer"), PrinterConfig.defaults("sim-printer"), clock);
    this.engine =
        new KioskEngine(
            KioskConfig.defaults(
                kioskId, "0011223344" + String.format("%02X", kioskId.hashCode() & 0xFF)),
            clock,
            new PcscCardReader(SimTerminalProvider.terminalFactory(slot), Optional.empty(), clock),
            acceptor,
            printer,
            Indicators.NONE,
            uplink,
            journal);
    await().atMost(Duration.ofSeconds(10)).until(() -> uplink.health().connected());
    engine.start();
  }

  KioskView awaitScreen(String screen) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> engine.view().screen().equals(screen) || !engine.isRunning());
    if (!engine.view().screen().equals(screen)) {
      throw new AssertionError("engine stopped on " + engine.view() + ": " + engine.crash());
    }
    return engine.view();
  }

  KioskView done(String action, Map<String, Object> body) {
    ActionOutcome o = engine.act(action, body);
    if (o instanceof ActionOutcome.Done d) {
      return d.view();
    }
    throw new AssertionError(action + " " + body + " refused: " + o);
  }

  /** The power goes: no orderly shutdown of the engine or the journal. */
  void powerCut() {
    engine.close();
    uplink.close();
    db.abandon();
    closePrinter();
  }

  private void closePrinter() {
    try {
      printer.close();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    engine.close();
    uplink.close();
    closePrinter();
    db.close();
  }
}
