package org.gaskiosk.core.engine;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.port.Indicators;

/**
 * One controller over a journal folder, with fake devices that outlive it (as hardware outlives a
 * power cut).
 */
final class EngineHarness implements AutoCloseable {
  final FakePurse card;
  final FakeCentral central;
  final FakeDevices.Acceptor acceptor = new FakeDevices.Acceptor();
  final FakeDevices.Printer printer = new FakeDevices.Printer();
  final JournalDatabase db;
  final RechargeJournal journal;
  final KioskEngine engine;

  EngineHarness(Path folder, FakePurse card, FakeCentral central, CrashPoint crash) {
    this(folder, card, central, crash, KioskConfig.defaults("K1", "001122334455"));
  }

  EngineHarness(
      Path folder, FakePurse card, FakeCentral central, CrashPoint crash, KioskConfig config) {
    this.card = card;
    this.central = central;
    this.db = JournalDatabase.openFile(folder, false);
    this.journal = new RechargeJournal(db, Clock.systemUTC(), crash);
    this.engine =
        new KioskEngine(
            config, Clock.systemUTC(), card, acceptor, printer, Indicators.NONE, central, journal);
  }

  EngineHarness start() {
    engine.start();
    return this;
  }

  KioskView awaitScreen(String screen) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> engine.view().screen().equals(screen) || !engine.isRunning());
    if (!engine.view().screen().equals(screen)) {
      throw new AssertionError("engine stopped on " + engine.view() + ": " + engine.crash());
    }
    return engine.view();
  }

  ActionOutcome act(String action, Map<String, Object> body) {
    return engine.act(action, body);
  }

  KioskView done(String action, Map<String, Object> body) {
    ActionOutcome o = engine.act(action, body);
    if (o instanceof ActionOutcome.Done d) {
      return d.view();
    }
    throw new AssertionError(action + " " + body + " was refused: " + o);
  }

  /** Abandons the controller as a power cut would: no orderly shutdown, uncommitted work lost. */
  void powerCut() {
    engine.close();
    db.abandon();
  }

  @Override
  public void close() {
    engine.close();
    db.close();
  }
}
