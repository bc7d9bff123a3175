package org.gaskiosk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.hw.gpio.GpioIndicators;
import org.gaskiosk.sim.bill.Id003Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller as systemd runs it, in process: the production wiring ({@link KioskApp}) over the
 * simulator's devices, broker and central system, telling a datagram socket the test listens on
 * what systemd would hear.
 */
class KioskServiceIT {
  private static final Duration WATCHDOG = Duration.ofMillis(200);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private KioskRig rig;
  private NotifyListener systemd;
  private KioskApp app;

  @BeforeEach
  void startWorld() throws Exception {
    rig = new KioskRig(dir);
    systemd = new NotifyListener(dir.resolve("notify.sock"));
  }

  @AfterEach
  void stopWorld() throws Exception {
    if (app != null) {
      rig.reader.release();
      rig.acceptorLink.release();
      app.close();
    }
    systemd.close();
    rig.close();
  }

  private KioskApp start() throws Exception {
    app = rig.start(SdNotify.toPath(systemd.path()), WATCHDOG);
    return app;
  }

  @Test
  void systemd_hears_ready_once_the_page_is_served_then_watchdog_keepalives_then_stopping()
      throws Exception {
    start();

    await().atMost(Duration.ofSeconds(5)).until(() -> !systemd.messages().isEmpty());
    assertThat(systemd.messages().get(0)).startsWith("READY=1\n").contains("STATUS=serving");
    assertThat(get("/api/state").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> systemd.count("WATCHDOG=1") >= 3);

    app.close();

    assertThat(systemd.count("STOPPING=1")).isEqualTo(1);
    assertThat(systemd.countAfter("STOPPING=1", "WATCHDOG=1")).isZero();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                rig.central
                    .presence(KioskRig.KIOSK)
                    .map(p -> p.path("state").asText())
                    .orElse("")
                    .equals("offline"));
  }

  @Test
  void the_watchdog_goes_silent_while_the_card_reader_hangs_the_engine_thread() throws Exception {
    start();
    await().atMost(Duration.ofSeconds(10)).until(() -> systemd.count("WATCHDOG=1") >= 2);

    rig.reader.hang();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> systemd.countAfter("STATUS=unhealthy: the engine thread", "WATCHDOG=1") == 0);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> systemd.countAfter("STATUS=unhealthy: the engine thread", "WATCHDOG=1") == 0);

    rig.reader.release();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> systemd.countAfter("STATUS=unhealthy: the engine thread", "WATCHDOG=1") > 0);
  }

  @Test
  void the_watchdog_goes_silent_while_the_acceptor_poll_loop_hangs() throws Exception {
    start();
    await().atMost(Duration.ofSeconds(10)).until(() -> systemd.count("WATCHDOG=1") >= 2);

    rig.acceptorLink.hang();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> systemd.countAfter("poll loop has not moved", "WATCHDOG=1") == 0);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> systemd.countAfter("poll loop has not moved", "WATCHDOG=1") == 0);
    assertThat(app.engine().ping(Duration.ofSeconds(1)))
        .as("only the acceptor hangs; the engine still answers")
        .isTrue();

    rig.acceptorLink.release();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> systemd.countAfter("poll loop has not moved", "WATCHDOG=1") > 0);
  }

  @Test
  void sigterm_loads_the_cash_already_inserted_publishes_offline_and_darkens_every_output()
      throws Exception {
    start();
    long before = rig.balance(KioskRig.MONEY_CARD);
    rig.slot.insert(KioskRig.MONEY_CARD);
    awaitScreen("account");
    assertThat(act("start-purchase", Map.of())).isEqualTo("amount");
    assertThat(act("set-amount", Map.of("amount", 5000))).isEqualTo("pay-method");
    assertThat(act("choose-payment", Map.of("method", "cash"))).isEqualTo("cash");
    insertNote(2000);
    await().atMost(Duration.ofSeconds(10)).until(() -> paidNow() == 2000);
    insertNote(1000);
    await().atMost(Duration.ofSeconds(10)).until(() -> paidNow() == 3000);
    assertThat(rig.gpio.indicators().isOn(GpioIndicators.Output.AMBER_LED))
        .as("busy while the resident pays")
        .isTrue();

    app.close(); // what the SIGTERM shutdown hook runs

    List<Txn> txns = journalOnDisk();
    assertThat(txns).hasSize(1);
    assertThat(txns.get(0).state()).isEqualTo(TxnState.COMPLETED);
    assertThat(txns.get(0).paid()).isEqualTo(3000);
    assertThat(rig.balance(KioskRig.MONEY_CARD)).isEqualTo(before + 3000);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                rig.central
                    .presence(KioskRig.KIOSK)
                    .map(p -> p.path("state").asText())
                    .orElse("")
                    .equals("offline"));
    for (GpioIndicators.Output o : GpioIndicators.Output.values()) {
      assertThat(rig.gpio.indicators().isOn(o)).as(o + " after stop").isFalse();
    }
  }

  @Test
  void sigterm_parks_the_cash_as_a_pending_credit_when_the_central_system_cannot_authorize()
      throws Exception {
    start();
    long before = rig.balance(KioskRig.MONEY_CARD);
    rig.slot.insert(KioskRig.MONEY_CARD);
    awaitScreen("account");
    act("start-purchase", Map.of());
    act("set-amount", Map.of("amount", 5000));
    act("choose-payment", Map.of("method", "cash"));
    insertNote(2000);
    await().atMost(Duration.ofSeconds(10)).until(() -> paidNow() == 2000);
    rig.central.close(); // nobody answers load.authorize any more

    app.close();

    List<Txn> txns = journalOnDisk();
    assertThat(txns).hasSize(1);
    assertThat(txns.get(0).state()).isEqualTo(TxnState.PENDING_CREDIT);
    assertThat(txns.get(0).paid()).isEqualTo(2000);
    assertThat(rig.balance(KioskRig.MONEY_CARD)).isEqualTo(before);
  }

  /** As a resident does: waits for the slot to accept, then feeds the note. */
  private void insertNote(long fen) {
    var device = rig.bills.device();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !device.isInhibited() && device.status().equals("idling"));
    assertThat(device.insert(fen)).isEqualTo(Id003Device.Insertion.DRAWN_IN);
  }

  private long paidNow() {
    return app.journal().all().stream().mapToLong(Txn::paid).sum();
  }

  /** The journal as the next start would find it. */
  private List<Txn> journalOnDisk() {
    try (JournalDatabase db =
        JournalDatabase.openFile(rig.config.dataDir().resolve("journal"), true)) {
      return new RechargeJournal(db, rig.clock, CrashPoint.NONE).all();
    }
  }

  private String act(String action, Map<String, Object> body) {
    var outcome = app.engine().act(action, body);
    assertThat(outcome).isInstanceOf(ActionOutcome.Done.class);
    return ((ActionOutcome.Done) outcome).view().screen();
  }

  private void awaitScreen(String screen) {
    await().atMost(Duration.ofSeconds(15)).until(() -> app.engine().view().screen().equals(screen));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.uiPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
