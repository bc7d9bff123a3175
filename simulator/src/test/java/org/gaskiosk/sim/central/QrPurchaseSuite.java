package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.engine.KioskConfig;
import org.gaskiosk.core.engine.KioskEngine;
import org.gaskiosk.core.engine.KioskView;
import org.gaskiosk.core.engine.QrSettings;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.port.Indicators;
import org.gaskiosk.core.uplink.MqttUplink;
import org.gaskiosk.hw.card.PcscCardReader;
import org.gaskiosk.hw.printer.EscPosPrinter;
import org.gaskiosk.hw.printer.PrinterConfig;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.card.SimCardInfo;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.card.SimTerminalProvider;
import org.gaskiosk.sim.devices.SimBillAcceptor;
import org.gaskiosk.sim.printer.SimEscPosPrinter;
import org.gaskiosk.sim.scanner.ScannerStation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QR purchases end to end over the broker a subclass names: the production engine, journal and
 * uplink, the simulated purse card doing real 3DES, the production scanner driver reading the
 * simulated scanner, and the central simulator as HSM, ledger and payment provider. Every test ends
 * with the provider's money, the central ledger and the card reconciled.
 */
abstract class QrPurchaseSuite {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CARD = SimCardFixtures.MONEY_PURSE.cardNo();
  private static final String CODE = "283456789012345678";
  private static final QrSettings FAST =
      new QrSettings(
          Duration.ofSeconds(5),
          Duration.ofSeconds(3),
          Duration.ofSeconds(5),
          Duration.ofMillis(200),
          Duration.ofMillis(500));

  private final String kioskId = broker().newKioskId();
  private final AutoCloseables closeables = new AutoCloseables();
  private CentralSimulator central;
  private SimCardSlot slot;
  private ScannerStation scanner;
  private RechargeJournal journal;
  private KioskEngine engine;
  private long initialBalance;

  @TempDir Path dir;

  protected abstract TestBroker broker();

  @BeforeEach
  void givenAKioskWithAScannerAndACentralThatIsAlsoThePaymentProvider() throws Exception {
    IssuerKeys keys = IssuerKeys.generate(RandomGenerator.of("L64X128MixRandom"));
    central =
        CentralFixtures.startSubscribed(
            closeables.add(
                new CentralSimulator(
                    broker()
                        .central(dir.resolve("central"), "central-" + kioskId, keys::loadKeyFor),
                    Clock.systemUTC())));
    central.putAccount(Account.of(CARD, "张建国", SimCardFixtures.MONEY_PURSE.unit()));
    slot = SimCardSlot.open(dir.resolve("cards"), keys);
    initialBalance = balance();
    scanner = closeables.add(ScannerStation.inMemory());
    JournalDatabase db = closeables.add(JournalDatabase.openFile(dir.resolve("journal"), false));
    Clock clock = Clock.systemUTC();
    journal = new RechargeJournal(db, clock, CrashPoint.NONE);
    MqttUplink uplink =
        closeables.add(
            new MqttUplink(
                broker().kiosk(kioskId).withRequestTimeout(Duration.ofSeconds(3)),
                journal.outbox(),
                clock,
                UUID.randomUUID().toString()));
    uplink.start();
    SimEscPosPrinter sim = SimEscPosPrinter.open(dir.resolve("printer"), clock);
    EscPosPrinter printer =
        closeables.add(
            new EscPosPrinter(
                sim.link("sim-printer"), PrinterConfig.defaults("sim-printer"), clock));
    engine =
        new KioskEngine(
                KioskConfig.defaults(kioskId, "001122334455")
                    .withTimeouts(
                        Duration.ofSeconds(60), Duration.ofSeconds(90), Duration.ofSeconds(2)),
                clock,
                new PcscCardReader(
                    SimTerminalProvider.terminalFactory(slot), Optional.empty(), clock),
                new SimBillAcceptor(),
                printer,
                Indicators.NONE,
                uplink,
                journal)
            .withQr(scanner.driver(), FAST);
    closeables.add(engine);
    await().atMost(WAIT).until(() -> uplink.health().connected() && central.isConnected());
    engine.start();
  }

  @AfterEach
  void closeEverything() throws Exception {
    closeables.closeAll();
  }

  private long balance() {
    return slot.list().stream()
        .filter(c -> c.cardNo().equals(CARD))
        .mapToLong(SimCardInfo::balance)
        .findFirst()
        .orElseThrow();
  }

  private KioskView awaitScreen(String screen) {
    await().atMost(WAIT).until(() -> engine.view().screen().equals(screen) || !engine.isRunning());
    assertThat(engine.view().screen()).as("engine: %s", engine.crash()).isEqualTo(screen);
    return engine.view();
  }

  private KioskView done(String action, Map<String, Object> body) {
    ActionOutcome o = engine.act(action, body);
    assertThat(o).as("%s %s", action, body).isInstanceOf(ActionOutcome.Done.class);
    return ((ActionOutcome.Done) o).view();
  }

  private String toQr(long fen, String method) {
    slot.insert(CARD);
    awaitScreen("account");
    done("start-purchase", Map.of());
    KioskView pay = done("set-amount", Map.of("amount", fen));
    assertThat(pay.data().get("methods")).isEqualTo(List.of("cash", "qr-scan", "qr-show"));
    KioskView qr = done("choose-payment", Map.of("method", method));
    assertThat(qr.screen()).isEqualTo("qr");
    return (String) pay.data().get("txnId");
  }

  private Txn txn(String txnId) {
    return journal.find(txnId).orElseThrow();
  }

  /**
   * Per transaction: the money the provider kept = the central's recorded QR payments = value
   * loaded + value pending in its ledger; money the provider refunded was never credited; the card
   * grew by exactly the loads; every kiosk event reached the central.
   */
  private LedgerSnapshot assertReconciled() {
    // The central acknowledges only what it committed: an empty outbox means it heard everything.
    await().atMost(WAIT).until(() -> journal.outbox().depth() == 0);
    LedgerSnapshot l = central.ledger();
    long loaded = 0;
    for (Txn t : journal.all()) {
      QrCharge c = central.qrCharges().get(t.txnId());
      long kept = c == null ? 0 : c.kept();
      long recorded =
          l.payments().getOrDefault(t.txnId(), List.of()).stream()
              .mapToLong(LedgerSnapshot.Payment::value)
              .sum();
      long value =
          Optional.ofNullable(l.loads().get(t.txnId())).map(LedgerSnapshot.Load::money).orElse(0L)
              + Optional.ofNullable(l.pendingCredits().get(t.txnId()))
                  .map(LedgerSnapshot.PendingCredit::money)
                  .orElse(0L);
      assertThat(recorded).as("central's QR payments of %s", t.txnId()).isEqualTo(kept);
      assertThat(t.paid()).as("kiosk's money received for %s", t.txnId()).isEqualTo(kept);
      assertThat(value).as("value loaded or pending for %s", t.txnId()).isEqualTo(kept);
      if (l.loads().containsKey(t.txnId())) {
        loaded += l.loads().get(t.txnId()).amount();
      }
    }
    assertThat(balance()).as("card balance").isEqualTo(initialBalance + loaded);
    return l;
  }

  @Test
  void paid_a_scanned_code_is_charged_loaded_and_reconciled() throws Exception {
    String txnId = toQr(5_000, "qr-scan");
    scanner.show(CODE);

    KioskView done = awaitScreen("done");
    assertThat(done.data()).containsEntry("loaded", 5_000L);
    assertThat(central.qrCharges().get(txnId).status()).isEqualTo("paid");
    LedgerSnapshot l = central.awaitLedger(s -> s.loads().containsKey(txnId), WAIT);
    assertThat(l.payments().get(txnId))
        .singleElement()
        .satisfies(p -> assertThat(p.noteId()).startsWith("qr:"));
    assertReconciled();
  }

  @Test
  void paid_a_shown_qr_by_notification_after_a_slow_wallet() throws Exception {
    String txnId = toQr(3_000, "qr-show");
    String payload = (String) engine.view().data().get("qrPayload");
    assertThat(payload).isEqualTo(central.qrCharges().get(txnId).payload());

    central.walletPays(txnId);

    awaitScreen("done");
    central.awaitLedger(s -> s.loads().containsKey(txnId), WAIT);
    assertReconciled();
  }

  @Test
  void declined_takes_nothing_and_the_purchase_can_still_be_cancelled() throws Exception {
    central.payments().decline(true);
    String txnId = toQr(3_000, "qr-scan");
    scanner.show(CODE);
    await().atMost(WAIT).until(() -> "declined".equals(engine.view().data().get("status")));

    done("cancel", Map.of());
    done("cancel", Map.of());
    awaitScreen("account");
    central.awaitLedger(s -> s.cancellations().containsKey(txnId), WAIT);
    assertThat(central.qrCharges().get(txnId).status()).isEqualTo("declined");
    assertReconciled();
  }

  @Test
  void timed_out_a_confirmation_that_never_comes_is_cancelled_and_nothing_is_taken()
      throws Exception {
    central.payments().confirmAfterPolls(1_000);
    String txnId = toQr(3_000, "qr-scan");
    scanner.show(CODE);

    awaitScreen("account");
    assertThat(central.qrCharges().get(txnId).status()).isEqualTo("cancelled");
    assertThat(txn(txnId).state()).isEqualTo(TxnState.CANCELLED);
    central.awaitLedger(s -> s.cancellations().containsKey(txnId), WAIT);
    assertReconciled();
  }

  @Test
  void paid_late_a_wallet_that_pays_while_the_cancel_is_unanswered_becomes_a_pending_credit()
      throws Exception {
    central.payments().ignoreCancels(true);
    String txnId = toQr(2_500, "qr-show");
    KioskView unconfirmed = done("cancel", Map.of());
    assertThat(unconfirmed.data()).containsEntry("status", "unconfirmed");

    central.walletPays(txnId); // the resident paid anyway; the provider tells the kiosk
    await().atMost(WAIT).until(() -> txn(txnId).state() == TxnState.PENDING_CREDIT);
    central.payments().ignoreCancels(false);
    central.awaitLedger(s -> s.pendingCredits().containsKey(txnId), WAIT);
    assertReconciled();

    slot.remove();
    awaitScreen("idle");
    slot.insert(CARD);
    awaitScreen("account");
    assertThat(txn(txnId).state()).isEqualTo(TxnState.COMPLETED);
    central.awaitLedger(
        s -> s.loads().values().stream().anyMatch(ld -> ld.orderIds().contains("pending:" + txnId)),
        WAIT);
    assertThat(balance()).isEqualTo(initialBalance + 2_500);
  }

  @Test
  void paid_late_after_the_kiosk_cancelled_is_refunded_by_the_provider() throws Exception {
    String txnId = toQr(2_500, "qr-show");
    assertThat(done("cancel", Map.of()).screen()).isEqualTo("account");

    QrCharge c = central.walletPays(txnId);

    assertThat(c.status()).isEqualTo("refunded");
    assertThat(c.taken()).isEqualTo(2_500);
    assertThat(c.kept()).isZero();
    central.awaitLedger(s -> s.cancellations().containsKey(txnId), WAIT);
    assertReconciled();
  }

  @Test
  void duplicate_notifications_credit_the_payment_once() throws Exception {
    central.payments().noticeCopies(3);
    String txnId = toQr(4_000, "qr-show");

    central.walletPays(txnId);
    awaitScreen("done");
    central.walletPays(txnId); // the provider's retry, later still

    central.awaitLedger(s -> s.loads().containsKey(txnId), WAIT);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(WAIT)
        .until(() -> txn(txnId).state() == TxnState.COMPLETED);
    LedgerSnapshot l = assertReconciled();
    assertThat(l.payments().get(txnId)).hasSize(1);
  }
}
