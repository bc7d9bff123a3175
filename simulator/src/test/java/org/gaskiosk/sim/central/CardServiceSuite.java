package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.port.CardServiceRequest;
import org.gaskiosk.core.port.CardServiceResult;
import org.gaskiosk.core.port.CardServiceResult.Service;
import org.gaskiosk.core.port.CardServiceResult.Step;
import org.gaskiosk.core.uplink.MqttUplink;
import org.gaskiosk.sim.card.MemoryImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** card.service from a real uplink to the central simulator's memory-card service. */
abstract class CardServiceSuite {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CARD = "4200000000000004";
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final String kioskId = broker().newKioskId();
  private final AutoCloseables closeables = new AutoCloseables();
  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private CentralSimulator central;
  private MqttUplink uplink;
  private int requests;

  @TempDir Path dir;

  protected abstract TestBroker broker();

  @BeforeEach
  void givenACentralWithAMemoryCardAccountAndAConnectedKiosk() throws Exception {
    central =
        CentralFixtures.startSubscribed(
            closeables.add(
                new CentralSimulator(
                    broker()
                        .central(dir, "central-" + kioskId, LoadKeys.fromMasterKey(new byte[16])),
                    Clock.systemUTC())));
    central.putAccount(Account.of(CARD, "Zhao Guilan", CardUnit.CENTI_M3));
    uplink = CentralFixtures.connectedUplink(broker(), kioskId, outbox, central, closeables);
  }

  @AfterEach
  void closeEverything() throws Exception {
    closeables.closeAll();
  }

  private CardServiceResult serve(String txnId, String cardNo, long amount, byte[] image) {
    return uplink.cardService(
        new CardServiceRequest(
            "req-" + (++requests) + "-" + kioskId, txnId, cardNo, amount, amount * 3, image));
  }

  private static byte[] issued() {
    return MemoryImage.issue(CARD, "centi-m3", 3, 500).bytes();
  }

  /** What the card holds after every main-memory write of {@code s} (the PSC is not in it). */
  private static byte[] applied(byte[] image, Service s) {
    byte[] m = image.clone();
    for (Step step : s.steps()) {
      if (!step.changesPsc()) {
        System.arraycopy(step.data(), 0, m, step.address(), step.data().length);
      }
    }
    return m;
  }

  /** The meter takes the gas: it clears the gas area and its backup. */
  private static byte[] takenByMeter(byte[] image) {
    byte[] m = image.clone();
    java.util.Arrays.fill(m, 0x32, 0x3A, (byte) 0);
    return m;
  }

  private static String refusal(CardServiceResult r) {
    assertThat(r).isInstanceOf(CardServiceResult.Refused.class);
    return ((CardServiceResult.Refused) r).code();
  }

  @Test
  void serves_backup_then_gas_area_then_psc_change_then_purchase_count() {
    Service s = (Service) serve("txn-1", CARD, 1_500, issued());

    assertThat(HEX.formatHex(s.oldPsc())).isEqualTo("FFFFFF");
    assertThat(HEX.formatHex(s.newPsc())).isNotEqualTo("FFFFFF");
    assertThat(s.expectedPurchaseCount()).isEqualTo(4);
    assertThat(s.steps()).extracting(Step::what).containsExactly("backup", "gas", "psc", "count");
    assertThat(s.steps()).extracting(Step::address).containsExactly(0x36, 0x32, -1, 0x30);
    assertThat(HEX.formatHex(s.steps().get(0).data())).isEqualTo("000005DC");
    assertThat(HEX.formatHex(s.steps().get(1).data())).isEqualTo("000005DC");
    assertThat(s.steps().get(2).data()).isEqualTo(s.newPsc());
    assertThat(HEX.formatHex(s.steps().get(3).data())).isEqualTo("0004");
  }

  @Test
  void a_retried_request_gets_the_same_writes_and_pscs_and_another_load_under_its_id_is_refused() {
    Service first = (Service) serve("txn-r", CARD, 800, issued());
    Service again = (Service) serve("txn-r", CARD, 800, issued());

    assertThat(again.newPsc()).isEqualTo(first.newPsc());
    assertThat(again.oldPsc()).isEqualTo(first.oldPsc());
    assertThat(again.expectedPurchaseCount()).isEqualTo(first.expectedPurchaseCount());
    assertThat(refusal(serve("txn-r", CARD, 900, issued()))).isEqualTo("txn-mismatch");
  }

  @Test
  void the_psc_rotates_once_the_card_shows_the_count_written_after_the_change() {
    Service first = (Service) serve("txn-a", CARD, 1_000, issued());
    byte[] afterMeter = takenByMeter(applied(issued(), first));

    Service second = (Service) serve("txn-b", CARD, 2_000, afterMeter);

    assertThat(second.oldPsc()).isEqualTo(first.newPsc());
    assertThat(second.newPsc()).isNotEqualTo(first.newPsc());
    assertThat(second.expectedPurchaseCount()).isEqualTo(5);
  }

  @Test
  void an_interrupted_load_leaves_the_psc_uncertain_and_the_next_load_is_refused_not_guessed() {
    serve("txn-torn", CARD, 1_000, issued());

    // The card still shows the old count: the PSC change may or may not have happened.
    assertThat(refusal(serve("txn-next", CARD, 1_000, issued()))).isEqualTo("psc-uncertain");
  }

  private void pscKept(String txnId) {
    String eventId =
        outbox
            .append("memcard.psc-kept", "{\"txnId\":\"" + txnId + "\",\"cardNo\":\"" + CARD + "\"}")
            .eventId();
    central.awaitLedger(l -> l.events().containsKey(eventId), WAIT);
  }

  @Test
  void a_load_stopped_before_its_psc_change_frees_the_card_for_the_next_load() {
    Service stopped = (Service) serve("txn-k", CARD, 1_000, issued());
    pscKept("txn-k");

    Service other = (Service) serve("txn-l", CARD, 1_000, issued());

    assertThat(other.oldPsc()).isEqualTo(stopped.oldPsc());
  }

  @Test
  void resuming_a_stopped_load_makes_its_psc_rotation_pending_again() {
    serve("txn-k", CARD, 1_000, issued());
    pscKept("txn-k");

    assertThat(serve("txn-k", CARD, 1_000, issued())).isInstanceOf(Service.class);

    assertThat(refusal(serve("txn-m", CARD, 1_000, issued()))).isEqualTo("psc-uncertain");
  }

  @Test
  void refuses_a_card_whose_last_purchase_the_meter_has_not_taken() {
    Service first = (Service) serve("txn-u", CARD, 1_000, issued());

    assertThat(refusal(serve("txn-v", CARD, 1_000, applied(issued(), first))))
        .isEqualTo("untaken-load");
  }

  @Test
  void refuses_an_image_of_another_card_an_unknown_card_and_a_tool_card() {
    assertThat(refusal(serve("txn-x", "4200000000000099", 1_000, issued())))
        .isEqualTo("card-unknown");
    central.putAccount(Account.of("4200000000000098", "Qian", CardUnit.CENTI_M3));
    assertThat(refusal(serve("txn-y", "4200000000000098", 1_000, issued())))
        .isEqualTo("card-mismatch");
    byte[] tool = issued();
    tool[0x20] = (byte) 0xAA;
    assertThat(refusal(serve("txn-z", CARD, 1_000, tool))).isEqualTo("not-user-card");
  }

  @Test
  void a_truncated_image_is_an_error_that_changes_nothing() {
    assertThat(serve("txn-t", CARD, 1_000, new byte[128]))
        .isInstanceOf(CardServiceResult.Unreachable.class);

    assertThat(serve("txn-t2", CARD, 1_000, issued())).isInstanceOf(Service.class);
    assertThat(((Service) serve("txn-t2", CARD, 1_000, issued())).oldPsc())
        .isEqualTo(HEX.parseHex("FFFFFF"));
  }

  // ---- an interrupted load and the fleet (docs/card-profile.md) ----

  private CardServiceResult serveOrders(
      String txnId, long amount, byte[] image, List<String> orderIds) {
    return uplink.cardService(
        new CardServiceRequest(
            "req-" + (++requests) + "-" + kioskId,
            txnId,
            CARD,
            amount,
            amount * 3,
            image,
            orderIds));
  }

  private void event(String type, String json) {
    String eventId = outbox.append(type, json.replace('\'', '"')).eventId();
    central.awaitLedger(l -> l.events().containsKey(eventId), WAIT);
  }

  private void writing(String txnId) {
    event(
        "txn.writing",
        "{'txnId':'"
            + txnId
            + "','cardNo':'"
            + CARD
            + "','kind':'purchase','unit':'centi-m3',"
            + "'amount':1000,'money':3000,'orderIds':[],'sequence':3}");
  }

  private void pending(String txnId) {
    event(
        "txn.pending",
        "{'txnId':'"
            + txnId
            + "','cardNo':'"
            + CARD
            + "','unit':'centi-m3','amount':1000,"
            + "'money':3000,'reason':'card removed'}");
  }

  private static List<String> hex(List<byte[]> pscs) {
    return pscs.stream().map(HEX::formatHex).toList();
  }

  @Test
  void a_load_that_started_writing_names_both_pscs_and_holds_off_other_loads_until_settled() {
    Service first = (Service) serve("txn-w", CARD, 1_000, issued());
    writing("txn-w");
    pscKept("txn-w"); // too late to count: the load started writing

    Service again = (Service) serve("txn-w", CARD, 1_000, issued());

    assertThat(hex(again.pscCandidates()))
        .containsExactly(HEX.formatHex(first.newPsc()), HEX.formatHex(first.oldPsc()));
    assertThat(refusal(serve("txn-x", CARD, 1_000, issued()))).isEqualTo("psc-uncertain");
  }

  @Test
  void a_pending_credit_that_never_started_writing_leaves_the_old_psc_known() {
    Service first = (Service) serve("txn-p", CARD, 1_000, issued());
    pending("txn-p");

    Service next = (Service) serve("txn-q", CARD, 1_000, issued());

    assertThat(next.oldPsc()).isEqualTo(first.oldPsc());
    assertThat(next.pscCandidates()).isEmpty();
  }

  @Test
  void a_pickup_cancelled_before_it_started_writing_leaves_the_old_psc_known() {
    // Found by the 10,000-session campaign: a pickup of a memory card's pending credit was served,
    // then cancelled before writing (its orders released); the card was refused psc-uncertain for
    // ever after, and every later credit for it stayed owed.
    pending("txn-own");
    String order = "pending:txn-own";
    Service pick = (Service) serveOrders("txn-pick", 1_000, issued(), List.of(order));
    event(
        "txn.cancelled",
        "{'txnId':'txn-pick','cardNo':'"
            + CARD
            + "','reason':'card removed','orderIds':['"
            + order
            + "']}");

    Service next = (Service) serveOrders("txn-next", 1_000, issued(), List.of(order));

    assertThat(next.oldPsc()).isEqualTo(pick.oldPsc());
    assertThat(next.pscCandidates()).isEmpty();
  }

  @Test
  void a_pending_credit_another_transaction_loads_is_refused_to_its_own_resume() {
    pending("txn-own");
    String order = "pending:txn-own";
    Service pick = (Service) serveOrders("txn-pick", 1_000, issued(), List.of(order));

    // While the pickup may be writing, nothing else is served (and nothing reserved).
    assertThat(refusal(serveOrders("txn-own", 1_000, issued(), List.of(order))))
        .isEqualTo("psc-uncertain");
    event(
        "txn.completed",
        "{'txnId':'txn-pick','cardNo':'"
            + CARD
            + "','kind':'pickup','unit':'centi-m3',"
            + "'amount':1000,'money':3000,'cashPaid':0,'orderIds':['"
            + order
            + "']}");
    // The card shows the pickup: the owner's resume is told its credit was loaded elsewhere.
    assertThat(refusal(serveOrders("txn-own", 1_000, applied(issued(), pick), List.of(order))))
        .isEqualTo("order-taken");
  }

  @Test
  void after_a_writer_parks_its_interrupted_load_the_next_load_keeps_the_same_two_pscs() {
    Service first = (Service) serve("txn-a1", CARD, 1_000, issued());
    writing("txn-a1");
    pending("txn-a1"); // the writer found the old count and parked it: no kiosk finishes it now

    Service next = (Service) serve("txn-a2", CARD, 1_000, issued());

    assertThat(next.newPsc()).isEqualTo(first.newPsc());
    assertThat(hex(next.pscCandidates()))
        .containsExactly(HEX.formatHex(first.newPsc()), HEX.formatHex(first.oldPsc()));
  }
}
