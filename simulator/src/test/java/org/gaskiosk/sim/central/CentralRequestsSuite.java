package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.domain.Tariff;
import org.gaskiosk.core.domain.Volume;
import org.gaskiosk.core.port.AuthorizeRequest;
import org.gaskiosk.core.port.AuthorizeResult;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.core.port.LookupResult.Safety;
import org.gaskiosk.core.uplink.MqttUplink;
import org.gaskiosk.sim.central.LedgerSnapshot.OrderStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * card.lookup and load.authorize from a real uplink to the central simulator, over the broker a
 * subclass names.
 */
abstract class CentralRequestsSuite {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CARD = "3100000000000001";
  private static final String HELD_CARD = "3100000000000002";
  private static final LocalDateTime HOST_TIME = LocalDateTime.of(2026, 3, 14, 15, 9, 26);

  private final String kioskId = broker().newKioskId();
  private final byte[] masterKey = new byte[16];
  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final AutoCloseables closeables = new AutoCloseables();
  private CentralSimulator central;
  private MqttUplink uplink;
  private int requests;

  @TempDir Path dir;

  /** The broker this run uses. */
  protected abstract TestBroker broker();

  @BeforeEach
  void givenACentralWithTwoAccountsAndAConnectedKiosk() throws Exception {
    new SecureRandom().nextBytes(masterKey);
    central =
        CentralFixtures.startSubscribed(
            closeables.add(
                new CentralSimulator(
                    broker().central(dir, "central-" + kioskId, LoadKeys.fromMasterKey(masterKey)),
                    Clock.systemUTC())));
    central.putAccount(Account.of(CARD, "Zhang San", CardUnit.CENTI_M3));
    central.putAccount(
        Account.of(HELD_CARD, "Li Si", CardUnit.FEN)
            .withSafety(Safety.HOLD, "Gas leak reported: the safety team must inspect first."));
    uplink = CentralFixtures.connectedUplink(broker(), kioskId, outbox, central, closeables);
  }

  @AfterEach
  void closeEverything() throws Exception {
    closeables.closeAll();
  }

  private AuthorizeResult authorize(
      String txnId, TestPurse purse, long amount, long money, List<String> orderIds) {
    return uplink.authorize(
        new AuthorizeRequest(
            "req-" + (++requests) + "-" + kioskId,
            txnId,
            purse.cardNo(),
            amount,
            money,
            "001122334455",
            purse.initializeForLoad(amount),
            HOST_TIME,
            orderIds));
  }

  private TestPurse purse(String cardNo) {
    return TestPurse.issuedWith(masterKey, cardNo, 2_000, 7);
  }

  private static String refusal(AuthorizeResult r) {
    assertThat(r).isInstanceOf(AuthorizeResult.Refused.class);
    return ((AuthorizeResult.Refused) r).code();
  }

  private void emit(String type, String body) {
    String eventId = outbox.append(type, body).eventId();
    central.awaitLedger(l -> l.events().containsKey(eventId), WAIT);
  }

  @Test
  void looks_up_an_account_with_its_holder_masked_its_tariff_and_its_open_orders() {
    String orderId = central.createOrder(CARD, 1_000, 3_450, "paid in the app");
    CardSnapshot card =
        new CardSnapshot(CARD, CardFamily.PURSE, CardUnit.CENTI_M3, 2_000, MeterRecord.NONE);

    LookupResult r = uplink.lookup(new LookupRequest("lookup-" + kioskId, card));

    assertThat(r).isInstanceOf(LookupResult.Account.class);
    LookupResult.Account a = (LookupResult.Account) r;
    assertThat(a.holder()).isEqualTo("Z*******n");
    assertThat(a.safety()).isEqualTo(Safety.OK);
    assertThat(a.tariff()).isEqualTo(Tariff.example());
    assertThat(a.cycleVolume()).isEqualTo(Volume.centiM3(1_000));
    assertThat(a.orders())
        .containsExactly(
            new LookupResult.Order(orderId, "online", 1_000, 3_450, "paid in the app"));
  }

  @Test
  void an_unknown_card_is_a_value_not_an_error() {
    CardSnapshot card =
        new CardSnapshot("9999", CardFamily.PURSE, CardUnit.FEN, 0, MeterRecord.NONE);
    assertThat(uplink.lookup(new LookupRequest("lookup-u-" + kioskId, card)))
        .isInstanceOf(LookupResult.Unknown.class);
  }

  @Test
  void authorizes_a_load_whose_mac1_verifies_with_the_mac2_the_card_will_accept() {
    TestPurse purse = purse(CARD);

    AuthorizeResult r = authorize("txn-1", purse, 1_500, 5_175, List.of());

    assertThat(r).isInstanceOf(AuthorizeResult.Authorized.class);
    assertThat(((AuthorizeResult.Authorized) r).mac2())
        .isEqualTo(purse.expectedMac2(1_500, HOST_TIME));
    assertThat(central.ledger().authorizations()).containsKey("txn-1");
  }

  @Test
  void refuses_a_mac1_computed_with_another_key_or_amount() {
    TestPurse forged = new TestPurse(CARD, new byte[16], 2_000, 7);
    assertThat(refusal(authorize("txn-f", forged, 1_500, 5_175, List.of())))
        .isEqualTo("mac1-invalid");

    TestPurse purse = purse(CARD);
    AuthorizeResult changedAmount =
        uplink.authorize(
            new AuthorizeRequest(
                "req-x-" + kioskId,
                "txn-g",
                CARD,
                9_000,
                31_050,
                "001122334455",
                purse.initializeForLoad(1_500),
                HOST_TIME,
                List.of()));
    assertThat(refusal(changedAmount)).isEqualTo("mac1-invalid");
  }

  @Test
  void refuses_a_fresh_purchase_under_safety_hold_but_loads_an_order_already_paid() {
    TestPurse purse = purse(HELD_CARD);
    AuthorizeResult fresh = authorize("txn-h1", purse, 5_000, 5_000, List.of());
    assertThat(refusal(fresh)).isEqualTo("safety-hold");
    assertThat(((AuthorizeResult.Refused) fresh).message()).contains("inspect");

    String orderId = central.createOrder(HELD_CARD, 5_000, 5_000);
    assertThat(authorize("txn-h2", purse, 5_000, 5_000, List.of(orderId)))
        .isInstanceOf(AuthorizeResult.Authorized.class);
  }

  @Test
  void an_order_is_reserved_for_one_transaction_and_picked_up_once() {
    TestPurse purse = purse(CARD);
    String orderId = central.createOrder(CARD, 1_000, 3_450);

    assertThat(authorize("txn-a", purse, 1_000, 3_450, List.of(orderId)))
        .isInstanceOf(AuthorizeResult.Authorized.class);
    assertThat(authorize("txn-a", purse, 1_000, 3_450, List.of(orderId)))
        .as("asking again with the same txnId")
        .isInstanceOf(AuthorizeResult.Authorized.class);
    assertThat(refusal(authorize("txn-b", purse, 1_000, 3_450, List.of(orderId))))
        .isEqualTo("order-reserved");
    assertThat(refusal(authorize("txn-b", purse, 1_000, 3_450, List.of("ord-nope"))))
        .isEqualTo("order-unknown");

    emit(
        "txn.cancelled",
        "{\"txnId\":\"txn-a\",\"cardNo\":\""
            + CARD
            + "\",\"reason\":\"card-pulled\","
            + "\"orderIds\":[\""
            + orderId
            + "\"]}");
    assertThat(central.ledger().orders().get(orderId).status()).isEqualTo(OrderStatus.OPEN);
    assertThat(refusal(authorize("txn-b", purse, 999, 3_450, List.of(orderId))))
        .isEqualTo("amount-mismatch");
    assertThat(authorize("txn-b", purse, 1_000, 3_450, List.of(orderId)))
        .isInstanceOf(AuthorizeResult.Authorized.class);

    emit(
        "txn.completed",
        "{\"txnId\":\"txn-b\",\"cardNo\":\""
            + CARD
            + "\",\"kind\":\"pickup\",\"amount\":1000,"
            + "\"unit\":\"centi-m3\",\"money\":3450,\"cashPaid\":0,\"orderIds\":[\""
            + orderId
            + "\"],\"sequence\":7,\"tac\":\"0A0B0C0D\",\"newBalance\":3000,"
            + "\"terminalId\":\"001122334455\"}");
    assertThat(central.ledger().orders().get(orderId).status()).isEqualTo(OrderStatus.PICKED_UP);
    assertThat(refusal(authorize("txn-c", purse, 1_000, 3_450, List.of(orderId))))
        .isEqualTo("order-taken");
  }

  @Test
  void a_kiosk_resumes_its_own_pending_credit_before_the_central_heard_of_it() {
    TestPurse purse = purse(CARD);

    AuthorizeResult resumed = authorize("txn-p", purse, 800, 2_760, List.of("pending:txn-p"));
    assertThat(resumed).isInstanceOf(AuthorizeResult.Authorized.class);
    assertThat(refusal(authorize("txn-q", purse, 800, 2_760, List.of("pending:txn-p"))))
        .as("another transaction cannot take it")
        .isEqualTo("order-reserved");

    emit(
        "txn.pending",
        "{\"txnId\":\"txn-p\",\"cardNo\":\""
            + CARD
            + "\",\"unit\":\"centi-m3\",\"amount\":800,"
            + "\"money\":2760,\"reason\":\"card-pulled\",\"reference\":\"R-1\"}");
    assertThat(central.ledger().orders().get("pending:txn-p").status())
        .isEqualTo(OrderStatus.RESERVED);
  }
}
