package org.gaskiosk.sim.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.gaskiosk.core.port.BillListener.EscrowDecision;
import org.gaskiosk.hw.bill.id003.Id003Acceptor;
import org.gaskiosk.hw.bill.id003.Id003Codes;
import org.gaskiosk.hw.bill.id003.Id003Config;
import org.gaskiosk.hw.bill.id003.Id003Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ID003 driver against the simulated acceptor, run over every transport (in memory here, a
 * socat pty pair in the integration test). Each test is one status sequence of devices.md.
 */
abstract class Id003DriverContract {
  /** Waits on events, checking every few milliseconds (the driver polls every 5-30 ms here). */
  static ConditionFactory await() {
    return Awaitility.await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5))
        .atMost(Duration.ofSeconds(10));
  }

  static final Id003Config CONFIG =
      Id003Config.defaults(Clock.systemUTC())
          .withTiming(Duration.ofMillis(30), Duration.ofMillis(300), Duration.ofMillis(100))
          .withBounds(Duration.ofMillis(800), Duration.ofMillis(500));
  static final Duration QUIET = Duration.ofMillis(400);

  BillTransport transport;
  Id003Device device;
  RecordingBillListener listener;
  RecordingFaults faults;
  Id003Acceptor acceptor;

  abstract BillTransport newTransport() throws Exception;

  @BeforeEach
  void givenAnEnabledAcceptor() throws Exception {
    transport = newTransport();
    device = transport.device();
    listener = new RecordingBillListener();
    faults = new RecordingFaults();
    acceptor = startDriver();
    acceptor.enable();
    await().until(acceptor::isEnabled);
    await().until(() -> lastReported().equals("idling")); // the host has seen it idle
  }

  String lastReported() {
    List<String> seen = device.reportedStatuses();
    return seen.isEmpty() ? "" : seen.get(seen.size() - 1);
  }

  @AfterEach
  void stop() {
    if (acceptor != null) {
      acceptor.stop();
    }
    transport.close();
  }

  /** Waits until the acceptor has reported this sequence of statuses (gaps allowed). */
  void awaitReported(String... statuses) {
    await()
        .untilAsserted(() -> assertThat(device.reportedStatuses()).containsSubsequence(statuses));
  }

  Id003Acceptor startDriver() {
    Id003Acceptor a = new Id003Acceptor(transport.driverOpener(), CONFIG, faults);
    a.start(listener);
    return a;
  }

  // ---- the note sequences -----------------------------------------------------------------

  @Test
  void
      a_stacked_note_goes_idle_accepting_escrow_stacking_vend_valid_stacked_idle_and_is_credited_once() {
    assertThat(device.insert(Denomination.Y50)).isEqualTo(Id003Device.Insertion.DRAWN_IN);

    await().until(() -> device.cashBox().equals(List.of(5_000L)));
    await().until(() -> device.status().equals("idling"));
    awaitReported("idling", "accepting", "escrow", "stacking", "vend-valid", "stacked", "idling");
    assertThat(listener.escrows).containsExactly(5_000L);
    assertThat(listener.stackedCalls).hasSize(1);
    assertThat(listener.journal).containsValue(5_000L).hasSize(1);
    assertThat(device.acks()).isEqualTo(1);
    assertThat(faults.events).isEmpty();
  }

  @Test
  void a_note_the_engine_refuses_at_escrow_is_returned_and_never_credited() {
    listener.decision = EscrowDecision.RETURN;
    device.insert(Denomination.Y100);

    await().until(() -> device.returnedToCustomer().equals(List.of(10_000L)));
    await().until(() -> !listener.returns.isEmpty());
    awaitReported("idling", "accepting", "escrow", "returning", "idling");
    assertThat(listener.returns)
        .containsExactly(new RecordingBillListener.Returned(10_000L, "returned at escrow"));
    assertThat(listener.stackedCalls).isEmpty();
    assertThat(device.cashBox()).isEmpty();
  }

  @Test
  void a_note_the_acceptor_rejects_is_reported_with_its_reason_and_never_credited() {
    device.insertCounterfeit(5_000L);

    await().until(() -> !listener.returns.isEmpty());
    awaitReported("accepting", "rejecting", "idling");
    assertThat(listener.returns.get(0).reason()).isEqualTo("rejected: magnetic pattern error");
    assertThat(listener.escrows).isEmpty();
    assertThat(listener.stackedCalls).isEmpty();
  }

  @Test
  void the_credit_happens_on_vend_valid_and_not_at_escrow_or_while_stacking() {
    device.stallStacking();
    device.insert(Denomination.Y20);
    await().until(() -> device.status().equals("stacking"));

    await().during(QUIET).until(() -> listener.stackedCalls.isEmpty());
    assertThat(listener.escrows).containsExactly(2_000L);

    device.releaseStall();
    await().until(() -> listener.journal.size() == 1);
    awaitReported("stacking", "vend-valid", "stacked");
  }

  @Test
  void the_ack_goes_out_only_after_on_stacked_returned() {
    listener.creditGate = new CountDownLatch(1);
    device.insert(Denomination.Y10);
    await().until(() -> !listener.stackedCalls.isEmpty());

    await().during(QUIET).until(() -> device.acks() == 0 && device.status().equals("vend-valid"));

    listener.creditGate.countDown();
    await().until(() -> device.acks() == 1);
    assertThat(device.cashBox()).containsExactly(1_000L);
  }

  @Test
  void no_ack_goes_out_while_on_stacked_throws_and_the_retry_carries_the_same_note_id() {
    listener.failNextCredits.set(Integer.MAX_VALUE);
    device.insert(Denomination.Y50);

    await().until(() -> faults.events.contains("raised credit-failed"));
    await().during(QUIET).until(() -> device.acks() == 0 && device.status().equals("vend-valid"));
    assertThat(listener.journal).isEmpty();

    listener.failNextCredits.set(0);
    await().until(() -> device.acks() == 1);
    assertThat(listener.stackedCalls).hasSizeGreaterThanOrEqualTo(3);
    assertThat(listener.stackedCalls.stream().map(RecordingBillListener.Stacked::noteId).distinct())
        .hasSize(1);
    assertThat(listener.creditedTotal()).isEqualTo(5_000L);
    await().until(() -> faults.events.contains("cleared credit-failed credited"));
  }

  @Test
  void a_vend_valid_repeated_after_a_lost_ack_is_acknowledged_again_with_the_same_note_id() {
    device.dropNextAck();
    device.insert(Denomination.Y100);

    await().until(() -> device.acks() == 1 && device.status().equals("idling"));
    assertThat(device.vendValidReports()).isGreaterThanOrEqualTo(2);
    assertThat(listener.stackedCalls).hasSizeGreaterThanOrEqualTo(2);
    assertThat(listener.stackedCalls.stream().map(RecordingBillListener.Stacked::noteId).distinct())
        .hasSize(1);
    assertThat(listener.creditedTotal()).isEqualTo(10_000L);
    assertThat(device.cashBox()).containsExactly(10_000L);
  }

  @Test
  void an_inhibited_acceptor_refuses_notes_until_it_is_enabled_again() {
    acceptor.inhibit();
    await().until(device::isInhibited);
    assertThat(acceptor.isEnabled()).isFalse();
    assertThat(device.insert(Denomination.Y50)).isEqualTo(Id003Device.Insertion.REFUSED);

    acceptor.enable();
    await().until(acceptor::isEnabled);
    assertThat(device.insert(Denomination.Y50)).isEqualTo(Id003Device.Insertion.DRAWN_IN);
    await().until(() -> listener.creditedTotal() == 5_000L);
  }

  @Test
  void a_denomination_inhibited_with_0xc0_is_rejected_before_escrow() {
    acceptor.accept(Set.of(5_000L));
    await().until(() -> !isInhibitedNote(0x65) && isInhibitedNote(0x66));

    device.insert(Denomination.Y100);
    await().until(() -> !listener.returns.isEmpty());
    assertThat(listener.returns.get(0).reason()).startsWith("rejected: return by inhibit");
    assertThat(listener.escrows).isEmpty();

    device.insert(Denomination.Y50);
    await().until(() -> listener.creditedTotal() == 5_000L);
  }

  private boolean isInhibitedNote(int code) {
    return org.gaskiosk.hw.bill.id003.DenominationTable.inhibits(device.denominationMask(), code);
  }

  @Test
  void a_listener_too_slow_at_escrow_gets_the_note_returned_within_the_bound() {
    listener.escrowGate = new CountDownLatch(1);
    device.insert(Denomination.Y20);

    await().until(() -> device.returnedToCustomer().equals(List.of(2_000L)));
    listener.escrowGate.countDown();
    await().during(QUIET).until(() -> listener.stackedCalls.isEmpty());
    assertThat(device.cashBox()).isEmpty();
  }

  // ---- faults and recoveries --------------------------------------------------------------

  static Stream<Arguments> faults() {
    return Stream.of(
        fault("jam-in-acceptor", "jam-cleared", Id003Device::jamInAcceptor, Id003Device::clearJam),
        fault("jam-in-stacker", "jam-cleared", Id003Device::jamInStacker, Id003Device::clearJam),
        fault("stacker-full", "emptied", Id003Device::stackerFull, Id003Device::emptyStacker),
        fault(
            "cash-box-removed",
            "box-inserted",
            Id003Device::removeCashBox,
            Id003Device::insertCashBox),
        fault("paused", "resumed", Id003Device::pause, Id003Device::resume),
        fault("cheated", "cheat-cleared", Id003Device::cheat, Id003Device::clearCheat),
        fault("failure", "failure-cleared", d -> d.fail(0xA2), Id003Device::repair),
        fault(
            "communication-error",
            "communication-ok",
            Id003Device::communicationError,
            Id003Device::clearCommunicationError),
        fault("link-lost", "link-restored", d -> d.silent(true), d -> d.silent(false)));
  }

  private static Arguments fault(
      String code, String recovery, Consumer<Id003Device> raise, Consumer<Id003Device> recover) {
    return Arguments.of(code, recovery, raise, recover);
  }

  @ParameterizedTest(name = "{0} then {1}")
  @MethodSource("faults")
  void every_fault_is_raised_and_then_cleared_with_its_recovery_event(
      String code, String recovery, Consumer<Id003Device> raise, Consumer<Id003Device> recover) {
    raise.accept(device);
    await().until(() -> faults.active.containsKey(code));
    assertThat(acceptor.health()).contains(code);
    if (!code.equals("paused") && !code.equals("communication-error")) {
      assertThat(acceptor.isEnabled()).as("a %s keeps notes out", code).isFalse();
    }

    recover.accept(device);
    await().until(() -> faults.events.contains("cleared " + code + " " + recovery));
    assertThat(faults.active).isEmpty();
    assertThat(acceptor.health()).startsWith("ok");
    await().until(acceptor::isEnabled);
  }

  @Test
  void a_jam_in_the_stacker_while_stacking_keeps_the_note_and_credits_it_once_when_cleared() {
    device.stallStacking();
    device.insert(Denomination.Y50);
    await().until(() -> device.status().equals("stacking"));
    device.jamInStacker();
    device.releaseStall();
    await().until(() -> faults.active.containsKey("jam-in-stacker"));
    assertThat(listener.stackedCalls).isEmpty();

    device.clearJam();
    await().until(() -> listener.creditedTotal() == 5_000L && device.acks() == 1);
    assertThat(faults.events).contains("cleared jam-in-stacker jam-cleared");
    assertThat(faults.active).isEmpty();
  }

  @Test
  void stacking_longer_than_the_bound_is_a_stuck_fault_that_clears_when_the_note_moves() {
    device.stallStacking();
    device.insert(Denomination.Y5);

    await().until(() -> faults.active.containsKey("stuck"));
    assertThat(faults.active.get("stuck")).contains("stacking");
    device.releaseStall();
    await().until(() -> faults.events.contains("cleared stuck moving-again"));
    await().until(() -> listener.creditedTotal() == 500L);
  }

  @Test
  void returning_longer_than_the_bound_is_a_stuck_fault_too() {
    listener.decision = EscrowDecision.RETURN;
    device.stallReturning();
    device.insert(Denomination.Y5);

    await().until(() -> faults.active.containsKey("stuck"));
    assertThat(faults.active.get("stuck")).contains("returning");
    device.releaseStall();
    await().until(() -> faults.events.contains("cleared stuck moving-again"));
    assertThat(device.returnedToCustomer()).containsExactly(500L);
  }

  // ---- power-up -----------------------------------------------------------------------------

  @Test
  void a_normal_power_up_is_reset_and_reconfigured_without_any_fault() {
    device.powerCycle();

    await().until(() -> device.reportedStatuses().contains("power-up"));
    await().until(() -> device.status().equals("idling") && acceptor.isEnabled());
    awaitReported("power-up", "initialize", "idling");
    assertThat(faults.events).isEmpty();
  }

  @Test
  void power_up_with_a_bill_in_the_acceptor_returns_it_on_reset_and_credits_nothing() {
    device.powerCycleWithBillInAcceptor(5_000L);

    await().until(() -> device.returnedToCustomer().equals(List.of(5_000L)));
    await().until(() -> device.status().equals("idling"));
    assertThat(listener.stackedCalls).isEmpty();
    assertThat(faults.events).isEmpty();
  }

  @Test
  void power_up_with_a_bill_in_the_stacker_is_a_reconciliation_fault_and_credits_nothing() {
    device.powerCycleWithBillInStacker(10_000L);

    await().until(() -> faults.active.containsKey("reconciliation"));
    await().until(() -> device.cashBox().equals(List.of(10_000L)));
    assertThat(device.stackedWithoutVendValid()).isEqualTo(1);
    assertThat(listener.stackedCalls).isEmpty();

    acceptor.reconciled();
    await().until(() -> faults.events.contains("cleared reconciliation reconciled"));
  }

  @Test
  void a_power_cut_while_stacking_reports_the_escrowed_uncredited_note_for_reconciliation() {
    device.stallStacking();
    device.insert(Denomination.Y50);
    await().until(() -> device.status().equals("stacking"));

    device.powerCycle();
    await().until(() -> faults.active.containsKey("reconciliation"));
    assertThat(faults.active.get("reconciliation")).contains("5000 fen").contains("not credited");
    await().until(() -> device.status().equals("idling"));
    assertThat(listener.stackedCalls).isEmpty();
    assertThat(device.cashBox()).containsExactly(5_000L);
    assertThat(listener.returns).anyMatch(r -> r.reason().startsWith("unresolved"));
  }

  @Test
  void a_power_cut_after_the_credit_but_before_the_ack_is_not_a_reconciliation() {
    listener.creditGate = new CountDownLatch(1);
    device.insert(Denomination.Y20);
    await().until(() -> !listener.stackedCalls.isEmpty());

    device.powerCycle();
    listener.creditGate.countDown();
    await().until(() -> device.status().equals("idling") && acceptor.isEnabled());

    assertThat(listener.journal.values()).containsExactly(2_000L);
    assertThat(device.cashBox()).containsExactly(2_000L);
    assertThat(faults.events).doesNotContain("raised reconciliation");
  }

  @Test
  void a_vend_valid_for_a_note_this_driver_never_escrowed_is_acknowledged_but_not_credited() {
    acceptor.stop();
    acceptor = null;
    device.answer(Id003Frame.of(Id003Codes.SET_INHIBIT, 0));
    device.insert(Denomination.Y100);
    status(); // accepting
    status(); // escrow
    device.answer(Id003Frame.of(Id003Codes.STACK_1));
    status(); // stacking
    assertThat(device.status()).isEqualTo("vend-valid");

    acceptor = startDriver();
    await().until(() -> faults.active.containsKey("reconciliation"));
    await().until(() -> device.acks() == 1);
    assertThat(device.cashBox()).containsExactly(10_000L);
    assertThat(listener.stackedCalls).isEmpty();
  }

  private void status() {
    device.answer(Id003Frame.of(Id003Codes.STATUS_REQUEST));
  }

  // ---- the line -----------------------------------------------------------------------------

  @Test
  void garbage_and_corrupted_or_truncated_answers_neither_credit_nor_lose_the_note() {
    device.garbage(new byte[] {0x00, (byte) 0xFC, 0x02, 0x13, 0x65, (byte) 0xFC});
    device.corruptNextReplies(2);
    device.insert(Denomination.Y50);
    device.truncateNextReplies(2);

    await().until(() -> listener.creditedTotal() == 5_000L && device.status().equals("idling"));
    assertThat(device.cashBox()).containsExactly(5_000L);
    assertThat(faults.active).isEmpty();
    assertThat(acceptor.isPolling()).isTrue();
  }
}
