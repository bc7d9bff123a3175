package org.gaskiosk.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.OutboxEvent;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.port.LookupResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurchaseTest {
  @TempDir Path dir;
  private FakePurse card;
  private FakeCentral central;
  private EngineHarness kiosk;

  @BeforeEach
  void start() {
    card = new FakePurse("3100000000000001", CardUnit.FEN, 1200);
    central = new FakeCentral();
    kiosk = new EngineHarness(dir, card, central, CrashPoint.NONE).start();
  }

  @AfterEach
  void stop() {
    kiosk.close();
  }

  @Test
  void a_resident_buys_50_yuan_with_three_banknotes_and_the_card_grows_by_exactly_that() {
    card.inserted = true;
    KioskView account = kiosk.awaitScreen("account");
    assertThat(account.data()).containsEntry("canBuy", true);

    kiosk.done("start-purchase", Map.of());
    KioskView pay = kiosk.done("set-amount", Map.of("amount", 5000L));
    assertThat(pay.screen()).isEqualTo("pay-method");
    kiosk.done("choose-payment", Map.of("method", "cash"));
    assertThat(kiosk.acceptor.insert(2000)).isTrue();
    assertThat(kiosk.acceptor.insert(2000)).isTrue();
    assertThat(kiosk.acceptor.insert(1000)).isTrue();
    assertThat(kiosk.engine.view().data()).containsEntry("inserted", 5000L);
    KioskView done = kiosk.done("finish-cash", Map.of());

    assertThat(done.screen()).isEqualTo("done");
    assertThat(done.data()).containsEntry("loaded", 5000L).containsEntry("newBalance", 6200L);
    assertThat(card.balance).isEqualTo(6200);
    assertThat(card.sequence).isEqualTo(1);
    assertThat(card.commands).isEqualTo(6);
    Txn t = kiosk.journal.all().get(0);
    assertThat(t.state()).isEqualTo(TxnState.COMPLETED);
    assertThat(kiosk.journal.outbox().after(0, 100))
        .extracting(OutboxEvent::type)
        .containsExactly(
            "cash.accepted", "cash.accepted", "cash.accepted", "txn.writing", "txn.completed");
    assertThat(kiosk.printer.printed).hasSize(1);
  }

  @Test
  void an_amount_outside_the_limits_is_refused_and_changes_nothing() {
    card.inserted = true;
    kiosk.awaitScreen("account");
    kiosk.done("start-purchase", Map.of());

    for (long amount : new long[] {999L, 100_001L, 0L, -5L}) {
      ActionOutcome o = kiosk.act("set-amount", Map.of("amount", amount));
      assertThat(o)
          .isInstanceOfSatisfying(
              ActionOutcome.Rejected.class,
              r -> {
                assertThat(r.status()).isEqualTo(422);
                assertThat(r.error()).isEqualTo("amount-out-of-range");
              });
    }
    assertThat(kiosk.engine.view().screen()).isEqualTo("amount");
    assertThat(kiosk.journal.all())
        .singleElement()
        .extracting(Txn::state)
        .isEqualTo(TxnState.CREATED);
  }

  @Test
  void malformed_action_bodies_are_refused_with_400_and_change_nothing() {
    card.inserted = true;
    kiosk.awaitScreen("account");
    kiosk.done("start-purchase", Map.of());
    long version = kiosk.engine.view().version();

    Map<String, Object> nullAmount = new HashMap<>();
    nullAmount.put("amount", null);
    for (Map<String, Object> body :
        new Map[] {
          Map.of("amount", "5000"),
          Map.of("amount", 50.5),
          Map.of("amount", 5000L, "volume", 100L),
          Map.of("amount", 5000L, "tip", 1L),
          Map.of(),
          nullAmount
        }) {
      assertThat(kiosk.act("set-amount", body))
          .as("body %s", body)
          .isInstanceOfSatisfying(
              ActionOutcome.Rejected.class, r -> assertThat(r.status()).isEqualTo(400));
    }
    assertThat(kiosk.engine.view().version()).isEqualTo(version);
    assertThat(kiosk.act("no-such-action", Map.of()))
        .isInstanceOfSatisfying(
            ActionOutcome.Rejected.class, r -> assertThat(r.status()).isEqualTo(404));
  }

  @Test
  void an_action_that_does_not_fit_the_screen_is_refused_with_409() {
    card.inserted = true;
    kiosk.awaitScreen("account");
    assertThat(kiosk.act("finish-cash", Map.of()))
        .isInstanceOfSatisfying(
            ActionOutcome.Rejected.class, r -> assertThat(r.status()).isEqualTo(409));
    assertThat(kiosk.journal.all()).isEmpty();
  }

  @Test
  void a_safety_hold_refuses_a_new_purchase_with_the_notice() {
    central.safety = LookupResult.Safety.HOLD;
    card.inserted = true;
    KioskView account = kiosk.awaitScreen("account");
    assertThat(account.data()).containsEntry("canBuy", false).containsEntry("safetyStatus", "hold");

    assertThat(kiosk.act("start-purchase", Map.of()))
        .isInstanceOfSatisfying(
            ActionOutcome.Rejected.class, r -> assertThat(r.error()).isEqualTo("safety-hold"));
    assertThat(kiosk.journal.all()).isEmpty();
  }

  @Test
  void a_card_pulled_with_cash_inserted_becomes_a_pending_credit_loaded_once_at_reinsertion() {
    KioskView pending = pullTheCardWith2000Of5000Paid();
    assertThat(pending.data()).containsEntry("paid", 2000L);
    assertThat(kiosk.journal.all().get(0).state()).isEqualTo(TxnState.PENDING_CREDIT);
    assertThat(card.balance).isEqualTo(1200);

    card.inserted = true;
    KioskView account = kiosk.awaitScreen("account");
    assertThat(account.data().get("recovered").toString()).contains("loaded=2000");
    assertThat(card.balance).isEqualTo(3200);
    assertThat(card.sequence).isEqualTo(1);
    assertThat(kiosk.journal.all().get(0).state()).isEqualTo(TxnState.COMPLETED);

    card.inserted = false;
    kiosk.awaitScreen("idle");
    card.inserted = true;
    kiosk.awaitScreen("account");
    assertThat(card.balance).isEqualTo(3200);
  }

  @Test
  void a_pending_credit_waits_for_the_central_system_while_the_card_stays_and_then_loads() {
    pullTheCardWith2000Of5000Paid();
    int slips = kiosk.printer.printed.size();
    central.reachable = false; // as after a restart, before the uplink has connected

    card.inserted = true;
    KioskView waiting = kiosk.awaitScreen("refused");

    assertThat(waiting.data()).containsEntry("reasonCode", "credit-waits-for-central");
    assertThat(kiosk.journal.all().get(0).state()).isEqualTo(TxnState.PENDING_CREDIT);
    assertThat(kiosk.printer.printed).hasSize(slips); // no second "pending" slip
    assertThat(card.balance).isEqualTo(1200);

    central.reachable = true;

    KioskView account = kiosk.awaitScreen("account");
    assertThat(account.data().get("recovered").toString()).contains("loaded=2000");
    assertThat(card.balance).isEqualTo(3200);
    assertThat(kiosk.journal.all().get(0).state()).isEqualTo(TxnState.COMPLETED);
  }

  @Test
  void cash_is_not_accepted_beyond_the_per_transaction_maximum_or_outside_a_purchase() {
    assertThat(kiosk.acceptor.insert(10000)).isFalse();
    card.inserted = true;
    kiosk.awaitScreen("account");
    kiosk.done("start-purchase", Map.of());
    kiosk.done("set-amount", Map.of("amount", 90000L));
    kiosk.done("choose-payment", Map.of("method", "cash"));
    for (int i = 0; i < 10; i++) {
      kiosk.acceptor.insert(10000);
    }
    assertThat(kiosk.engine.view().data()).containsEntry("inserted", 100000L);
    assertThat(kiosk.acceptor.insert(10000)).isFalse();
  }

  @Test
  void an_online_order_is_offered_and_loaded_exactly_once() {
    central.orders.add(new LookupResult.Order("o-1", "online", 3000, 3000, "online order"));
    card.inserted = true;
    KioskView account = kiosk.awaitScreen("account");
    assertThat(account.data().get("orders").toString()).contains("o-1");

    KioskView done = kiosk.done("load-orders", Map.of());

    assertThat(done.screen()).isEqualTo("done");
    assertThat(card.balance).isEqualTo(4200);
    card.inserted = false;
    kiosk.awaitScreen("idle");
    card.inserted = true;
    assertThat(kiosk.awaitScreen("account").data().get("orders").toString()).doesNotContain("o-1");
    assertThat(kiosk.act("load-orders", Map.of()))
        .isInstanceOfSatisfying(
            ActionOutcome.Rejected.class, r -> assertThat(r.error()).isEqualTo("no-orders"));
    assertThat(card.balance).isEqualTo(4200);
  }

  @Test
  void an_unreachable_central_system_is_asked_again_while_the_card_stays() {
    central.reachable = false;
    card.inserted = true;
    KioskView refused = kiosk.awaitScreen("refused");
    assertThat(refused.data()).containsEntry("reasonCode", "central-unreachable");
    assertThat(kiosk.journal.all()).isEmpty();

    central.reachable = true;

    assertThat(kiosk.awaitScreen("account").data()).containsEntry("canBuy", true);
  }

  @Test
  void a_vend_valid_repeated_after_the_purchase_moved_on_is_acknowledged_and_credits_nothing() {
    card.inserted = true;
    kiosk.awaitScreen("account");
    kiosk.done("start-purchase", Map.of());
    kiosk.done("set-amount", Map.of("amount", 5000L));
    kiosk.done("choose-payment", Map.of("method", "cash"));
    kiosk.acceptor.insert(5000);
    kiosk.done("finish-cash", Map.of());
    String noteId = kiosk.acceptor.acknowledged.get(0);

    kiosk.engine.onStacked(noteId, 5000); // the device repeats VEND VALID: a lost ACK

    assertThat(kiosk.journal.all().get(0).paid()).isEqualTo(5000);
    assertThat(card.balance).isEqualTo(6200);
  }

  /** A cash purchase of 50 yuan with 20 paid, the card pulled: a pending credit of 2000 fen. */
  private KioskView pullTheCardWith2000Of5000Paid() {
    card.inserted = true;
    kiosk.awaitScreen("account");
    kiosk.done("start-purchase", Map.of());
    kiosk.done("set-amount", Map.of("amount", 5000L));
    kiosk.done("choose-payment", Map.of("method", "cash"));
    kiosk.acceptor.insert(2000);
    card.inserted = false;
    return kiosk.awaitScreen("pending");
  }
}
