package org.gaskiosk.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.OutboxEvent;
import org.gaskiosk.core.journal.QrJournal;
import org.gaskiosk.core.journal.QrStatus;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.port.Indicators;
import org.gaskiosk.core.port.QrPaidNotice;
import org.gaskiosk.core.port.QrRequest;
import org.gaskiosk.core.port.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QR payment through the engine, both ways, against a fake provider that keeps its own books: every
 * test ends with the provider's money reconciled with the journal and the card.
 */
class QrPaymentTest {
  private static final String CODE = "283456789012345678";
  private static final long INITIAL = 1_200;
  private static final QrSettings FAST =
      new QrSettings(
          Duration.ofSeconds(2),
          Duration.ofSeconds(2),
          Duration.ofSeconds(3),
          Duration.ofMillis(100),
          Duration.ofMillis(300));

  @TempDir Path dir;
  private final FakePurse card = new FakePurse("3100000000000001", CardUnit.FEN, INITIAL);
  private final FakeQrCentral central = new FakeQrCentral();
  private final FakeScanner scanner = new FakeScanner();
  private final FakeDevices.Printer printer = new FakeDevices.Printer();
  private JournalDatabase db;
  private RechargeJournal journal;
  private KioskEngine engine;

  @BeforeEach
  void start() {
    boot(CrashPoint.NONE);
  }

  @AfterEach
  void stop() {
    engine.close();
    db.close();
  }

  private void boot(CrashPoint crash) {
    db = JournalDatabase.openFile(dir, false);
    journal = new RechargeJournal(db, Clock.systemUTC(), crash);
    engine =
        new KioskEngine(
                KioskConfig.defaults("K1", "001122334455")
                    .withTimeouts(
                        Duration.ofSeconds(60), Duration.ofSeconds(90), Duration.ofSeconds(1)),
                Clock.systemUTC(),
                card,
                new FakeDevices.Acceptor(),
                printer,
                Indicators.NONE,
                central,
                journal)
            .withQr(scanner, FAST);
    engine.start();
  }

  private void powerCutAndRestart(CrashPoint crash) {
    engine.close();
    db.abandon();
    boot(crash);
  }

  private KioskView awaitScreen(String screen) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> engine.view().screen().equals(screen) || !engine.isRunning());
    assertThat(engine.view().screen()).as("engine: %s", engine.crash()).isEqualTo(screen);
    return engine.view();
  }

  private KioskView done(String action, Map<String, Object> body) {
    ActionOutcome o = engine.act(action, body);
    assertThat(o).as("%s %s", action, body).isInstanceOf(ActionOutcome.Done.class);
    return ((ActionOutcome.Done) o).view();
  }

  private String toPayMethod(long fen) {
    card.inserted = true;
    awaitScreen("account");
    done("start-purchase", Map.of());
    KioskView pay = done("set-amount", Map.of("amount", fen));
    assertThat(pay.data().get("methods")).isEqualTo(List.of("cash", "qr-scan", "qr-show"));
    return (String) pay.data().get("txnId");
  }

  private Txn txn(String txnId) {
    return journal.find(txnId).orElseThrow();
  }

  private QrStatus qrStatus(String txnId) {
    return new QrJournal(journal).find(txnId).orElseThrow().status();
  }

  /** Provider's money kept = journal money received = value loaded + value pending; card agrees. */
  private void assertReconciled() {
    long loaded = 0;
    for (Txn t : journal.all()) {
      long kept = central.kept().getOrDefault(t.txnId(), 0L);
      assertThat(t.paid()).as("money the provider kept for %s", t.txnId()).isEqualTo(kept);
      if (t.state() == TxnState.COMPLETED) {
        assertThat(t.money()).isEqualTo(t.paid());
        loaded += t.amount();
      } else if (t.state() == TxnState.PENDING_CREDIT) {
        assertThat(t.money()).isEqualTo(t.paid());
      } else {
        assertThat(t.state()).isIn(TxnState.CANCELLED, TxnState.QUOTED);
        assertThat(t.paid()).isZero();
      }
    }
    assertThat(card.balance).isEqualTo(INITIAL + loaded);
    long qrPaid =
        journal.outbox().after(0, 1000).stream().filter(e -> e.type().equals("qr.paid")).count();
    assertThat(qrPaid)
        .as("one qr.paid per payment")
        .isEqualTo(journal.all().stream().filter(t -> t.paid() > 0).count());
  }

  @Test
  void a_scanned_code_that_is_paid_at_once_loads_the_card() {
    String txnId = toPayMethod(5_000);
    KioskView qr = done("choose-payment", Map.of("method", "qr-scan"));
    assertThat(qr.screen()).isEqualTo("qr");
    assertThat(qr.data())
        .containsEntry("status", "waiting-code")
        .containsEntry("amountDue", 5_000L);

    scanner.scan(CODE + "\r");

    KioskView done = awaitScreen("done");
    assertThat(done.data()).containsEntry("loaded", 5_000L);
    assertThat(txn(txnId).paymentMethod()).isEqualTo("qr-scan");
    assertThat(qrStatus(txnId)).isEqualTo(QrStatus.PAID);
    assertThat(journal.outbox().after(0, 100))
        .extracting(OutboxEvent::type)
        .containsExactly("qr.paid", "txn.writing", "txn.completed");
    assertReconciled();
  }

  @Test
  void a_confirming_wallet_is_asked_again_with_the_same_txn_until_it_pays() {
    central.confirmAfter = 3;
    String txnId = toPayMethod(3_000);
    done("choose-payment", Map.of("method", "qr-scan"));
    scanner.scan(CODE);
    await().until(() -> "confirming".equals(engine.view().data().get("status")));

    awaitScreen("done");
    List<QrRequest> charges = central.requestsOf(QrRequest.Charge.class);
    assertThat(charges).hasSizeGreaterThanOrEqualTo(4).allMatch(r -> r.txnId().equals(txnId));
    assertThat(charges.stream().map(QrRequest::requestId).distinct()).hasSameSizeAs(charges);
    assertReconciled();
  }

  @Test
  void a_scan_that_is_no_payment_code_is_refused_on_screen_and_journals_nothing() {
    String txnId = toPayMethod(3_000);
    done("choose-payment", Map.of("method", "qr-scan"));
    scanner.scan("https://example.com/not-a-wallet");
    scanner.scan("12345");

    await().until(() -> Integer.valueOf(2).equals(engine.view().data().get("badScans")));
    assertThat(engine.view().data().get("message").toString()).contains("not a payment code");
    assertThat(new QrJournal(journal).find(txnId)).isEmpty();
    assertThat(central.requests).isEmpty();
  }

  @Test
  void a_declined_code_takes_nothing_and_the_resident_can_pay_with_cash_instead() {
    central.decline = true;
    String txnId = toPayMethod(3_000);
    done("choose-payment", Map.of("method", "qr-scan"));
    scanner.scan(CODE);
    await().until(() -> "declined".equals(engine.view().data().get("status")));

    KioskView back = done("cancel", Map.of());
    assertThat(back.screen()).isEqualTo("pay-method");
    assertThat(back.data().get("methods")).isEqualTo(List.of("cash"));
    assertThat(qrStatus(txnId)).isEqualTo(QrStatus.DECLINED);
    assertThat(txn(txnId).state()).isEqualTo(TxnState.QUOTED);
    assertThat(engine.act("choose-payment", Map.of("method", "qr-show")))
        .isInstanceOfSatisfying(
            ActionOutcome.Rejected.class,
            r -> assertThat(r.error()).isEqualTo("payment-unavailable"));
    assertReconciled();
  }

  @Test
  void a_confirmation_that_never_comes_times_out_and_is_cancelled_at_the_provider() {
    central.confirmAfter = 1_000;
    String txnId = toPayMethod(3_000);
    done("choose-payment", Map.of("method", "qr-scan"));
    scanner.scan(CODE);

    awaitScreen("account");
    assertThat(qrStatus(txnId)).isEqualTo(QrStatus.CANCELLED);
    assertThat(txn(txnId).state()).isEqualTo(TxnState.CANCELLED);
    assertThat(central.requestsOf(QrRequest.Cancel.class)).hasSize(1);
    assertReconciled();
  }

  @Test
  void a_payment_that_lands_as_the_kiosk_cancels_is_loaded_not_lost() {
    central.payAtCancel = true;
    String txnId = toPayMethod(4_000);
    done("choose-payment", Map.of("method", "qr-scan"));
    scanner.scan(CODE);
    await().until(() -> "confirming".equals(engine.view().data().get("status")));

    KioskView after = done("cancel", Map.of());

    assertThat(after.screen()).isEqualTo("done");
    assertThat(txn(txnId).state()).isEqualTo(TxnState.COMPLETED);
    assertReconciled();
  }

  @Test
  void a_shown_qr_is_paid_by_notification_and_duplicate_notifications_credit_once() {
    String txnId = toPayMethod(6_000);
    KioskView qr = done("choose-payment", Map.of("method", "qr-show"));
    assertThat(qr.data())
        .containsEntry("status", "shown")
        .containsEntry("qrPayload", "https://pay.example/qr/" + txnId)
        .containsKey("secondsLeft");

    central.walletPays(txnId, 3);

    awaitScreen("done");
    assertThat(txn(txnId).state()).isEqualTo(TxnState.COMPLETED);
    assertReconciled();
  }

  @Test
  void a_shown_qr_paid_after_the_kiosk_cancelled_is_refunded_by_the_provider() {
    String txnId = toPayMethod(6_000);
    done("choose-payment", Map.of("method", "qr-show"));
    assertThat(done("cancel", Map.of()).screen()).isEqualTo("account");

    central.walletPays(txnId, 1);

    assertThat(central.refunded).containsEntry(txnId, 6_000L);
    assertThat(txn(txnId).state()).isEqualTo(TxnState.CANCELLED);
    assertReconciled();
  }

  @Test
  void money_reported_for_a_cancelled_payment_goes_back_with_a_printed_refund_slip() {
    String txnId = toPayMethod(6_000);
    done("choose-payment", Map.of("method", "qr-show"));
    assertThat(done("cancel", Map.of()).screen()).isEqualTo("account");

    // A provider that took the money anyway and says so after the kiosk closed the transaction.
    central.listener.onQrPaid(new QrPaidNotice(txnId, "pay-rogue", 6_000));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> printer.printed.stream().anyMatch(r -> r.kind().equals("refund")));
    Receipt slip =
        printer.printed.stream().filter(r -> r.kind().equals("refund")).findFirst().orElseThrow();
    assertThat(slip.reference()).isEqualTo(txn(txnId).reference());
    assertThat(String.join("\n", slip.lines())).contains("60.00", "退款");
    assertThat(journal.outbox().after(0, 1000))
        .extracting(OutboxEvent::type)
        .contains("qr.unmatched");
    assertThat(txn(txnId).state()).isEqualTo(TxnState.CANCELLED);
  }

  @Test
  void paid_late_after_an_unanswered_cancel_becomes_a_pending_credit_loaded_next_time() {
    String txnId = toPayMethod(2_500);
    done("choose-payment", Map.of("method", "qr-show"));
    central.qrReachable = false;
    KioskView unconfirmed = done("cancel", Map.of());
    assertThat(unconfirmed.data()).containsEntry("status", "unconfirmed");
    assertThat(unconfirmed.data().get("message").toString()).contains(txn(txnId).reference());
    assertThat(qrStatus(txnId)).isEqualTo(QrStatus.CANCELLING);

    central.qrReachable = true;
    central.payAtCancel = true; // the resident paid before the provider saw the kiosk's cancel
    await().until(() -> txn(txnId).state() == TxnState.PENDING_CREDIT);
    assertThat(txn(txnId).paid()).isEqualTo(2_500);
    assertReconciled();

    card.inserted = false;
    awaitScreen("idle");
    card.inserted = true;
    KioskView account = awaitScreen("account");
    assertThat(txn(txnId).state()).isEqualTo(TxnState.COMPLETED);
    assertThat((List<?>) account.data().get("recovered")).hasSize(1);
    assertReconciled();
  }

  @Test
  void without_the_central_system_qr_is_refused_clearly_and_nothing_changes() {
    String txnId = toPayMethod(3_000);
    central.base.reachable = false;
    // The pay-method screen stops offering QR while the central system is away...
    await().until(() -> List.of("cash").equals(engine.view().data().get("methods")));
    long version = engine.view().version();

    ActionOutcome o = engine.act("choose-payment", Map.of("method", "qr-show"));

    assertThat(o)
        .isInstanceOfSatisfying(
            ActionOutcome.Rejected.class,
            r -> {
              assertThat(r.status()).isEqualTo(503);
              assertThat(r.error()).isEqualTo("central-unreachable");
            });
    assertThat(engine.view().version()).isEqualTo(version);
    assertThat(new QrJournal(journal).find(txnId)).isEmpty();
    assertThat(central.requests).isEmpty();
  }

  @Test
  void a_power_cut_after_the_qr_intent_is_cancelled_at_the_provider_after_restart() {
    central.confirmAfter = 1_000;
    String txnId = toPayMethod(3_000);
    done("choose-payment", Map.of("method", "qr-scan"));
    scanner.scan(CODE);
    await().until(() -> "confirming".equals(engine.view().data().get("status")));

    card.inserted = false;
    powerCutAndRestart(CrashPoint.NONE);

    await().until(() -> txn(txnId).state() == TxnState.CANCELLED);
    assertThat(qrStatus(txnId)).isEqualTo(QrStatus.CANCELLED);
    assertReconciled();
  }

  @Test
  void a_power_cut_right_after_the_qr_credit_keeps_the_money_as_a_pending_credit() {
    engine.close();
    db.close();
    boot(
        point -> {
          if (point.equals("after-commit:QR_PAID")) {
            throw new Error("power cut at " + point);
          }
        });
    String txnId = toPayMethod(3_000);
    done("choose-payment", Map.of("method", "qr-scan"));
    scanner.scan(CODE);
    await().until(() -> !engine.isRunning());

    card.inserted = false;
    powerCutAndRestart(CrashPoint.NONE);
    assertThat(txn(txnId).state()).isEqualTo(TxnState.PENDING_CREDIT);
    assertReconciled();

    card.inserted = true;
    awaitScreen("account");
    assertThat(txn(txnId).state()).isEqualTo(TxnState.COMPLETED);
    assertReconciled();
  }
}
