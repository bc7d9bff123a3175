package org.gaskiosk.sim.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.sim.central.InProcessCentral;

/**
 * The machinery of a step: a traced step, a kiosk action, time passing, and what follows anything a
 * resident or the world did (the kiosk settles, a lost power comes back, a flagged cash box is
 * counted, the paid notices arrive, every invariant is checked). Stops the campaign at the first
 * violation.
 */
final class Steps {
  private final Logbook log;
  private final SessionFaults faults;
  private final List<ChaosKiosk> kiosks;
  private final InProcessCentral central;
  private final StepClock clock;
  private final Checker checker;
  private final CardWhereabouts cards;
  private long reconciliations;
  private long violationStep;
  private List<String> violations = List.of();

  Steps(
      Logbook log,
      SessionFaults faults,
      List<ChaosKiosk> kiosks,
      InProcessCentral central,
      StepClock clock,
      Checker checker,
      CardWhereabouts cards) {
    this.log = log;
    this.faults = faults;
    this.kiosks = kiosks;
    this.central = central;
    this.clock = clock;
    this.checker = checker;
    this.cards = cards;
  }

  void step(String what) {
    log.step(what);
    faults.stepTaken();
  }

  void note(String what) {
    log.note(what);
  }

  void fault(FaultKind kind) {
    log.fault(kind);
  }

  /**
   * After anything a resident or the world did: the kiosk settles; a lost power comes back (the
   * controller rebuilt over the same journal and devices); a flagged cash box is counted; every
   * invariant is checked.
   *
   * @return whether the session may go on (false after a power cut or a violation)
   */
  boolean afterEvent(ChaosKiosk k) throws Exception {
    return afterAction(k, true);
  }

  boolean afterAction(ChaosKiosk k) throws Exception {
    return afterAction(k, false);
  }

  /**
   * @param settle whether something happened outside the engine's own actions (a card in or out,
   *     time passing, a power cycle) that it must look at before anything else is checked or done
   */
  private boolean afterAction(ChaosKiosk k, boolean settle) throws Exception {
    boolean powerWent = false;
    if (settle) {
      k.settle();
    }
    deliverQrNotices();
    while (!k.alive()) {
      powerWent = true;
      fault(FaultKind.POWER_CUT);
      note("power cut at " + k.power.cutAt() + "; the controller starts again");
      k.powerCycle();
      k.settle();
      note("after restart: screen " + k.view().screen() + " " + outcomeOf(k));
    }
    faults.countFiredPull(k);
    for (ChaosKiosk each : kiosks) {
      long refunded = checker.staffReconcile(each);
      if (refunded >= 0) {
        reconciliations++;
        note(each.id + ": staff reconciled the cash box, refunded " + refunded);
      }
    }
    List<String> v = new ArrayList<>(checker.check(cards.images()));
    v.addAll(checker.checkCentral());
    if (!v.isEmpty()) {
      fail(v);
      return false;
    }
    return !powerWent;
  }

  /**
   * Time passes for every kiosk: each one's loop is made to look at the new time now (timeouts, QR
   * polls, abandoned QR payments asked again), before anything else happens, so what a kiosk does
   * on its own happens at the same step in every run.
   */
  void advance(Duration d) {
    clock.advance(d);
    for (ChaosKiosk each : kiosks) {
      if (each.alive()) {
        each.settle();
      }
    }
  }

  /**
   * The paid notices the provider queued reach their kiosks now (or are lost on the way), each
   * kiosk handling them before the checks.
   */
  private void deliverQrNotices() {
    for (InProcessCentral.QrNotice n : central.drainQrNotices()) {
      ChaosKiosk to =
          kiosks.stream().filter(x -> x.id.equals(n.kioskId())).findFirst().orElseThrow();
      if (faults.losingNotices()) {
        note("a paid notice for " + to.id + " is lost");
        continue;
      }
      boolean delivered = to.alive() && to.uplink.deliverQrNotice(n.payload());
      note("paid notice " + (delivered ? "delivered to " : "not received by ") + to.id);
      if (delivered) {
        to.settle();
      }
    }
  }

  /** Records the violations and stops the campaign: what follows a broken invariant is noise. */
  void fail(List<String> v) {
    violationStep = log.currentStep();
    violations = List.copyOf(v);
    for (String s : v) {
      note("VIOLATION " + s);
    }
    throw new Violated();
  }

  /** Performs a kiosk action and notes a refusal; true when the kiosk did it. */
  boolean act(ChaosKiosk k, String action, Map<String, Object> body) {
    ActionOutcome o = k.act(action, body);
    if (o instanceof ActionOutcome.Rejected r && r.status() == 503) {
      // The power went during the action: the engine thread is on its way out.
      CashStation.until(() -> !k.alive(), () -> true, Duration.ofSeconds(10));
    }
    if (o instanceof ActionOutcome.Rejected r) {
      note(action + " refused: " + r.error());
      return false;
    }
    return true;
  }

  /** The resident walks away: the clock moves past the screen's timeout. */
  void walkAway(ChaosKiosk k, Duration timeout) throws Exception {
    step("resident walks away for " + timeout.toSeconds() + " s");
    fault(FaultKind.WALKED_AWAY);
    advance(timeout);
    afterEvent(k);
    note("screen " + k.view().screen());
  }

  /** Every kiosk sends its outbox; with {@code loseAcks} the central system's acks get lost. */
  void drainAll(boolean loseAcks) {
    for (ChaosKiosk k : kiosks) {
      k.uplink.drain(loseAcks);
    }
  }

  long reconciliations() {
    return reconciliations;
  }

  long violationStep() {
    return violationStep;
  }

  List<String> violations() {
    return violations;
  }

  /** A result screen in words that do not change between runs (no ids). */
  static String outcomeOf(ChaosKiosk k) {
    Map<String, Object> d = k.view().data();
    StringBuilder b = new StringBuilder();
    for (String key : List.of("reasonCode", "code", "amount", "money", "inserted", "amountDue")) {
      if (d.containsKey(key)) {
        b.append(key).append('=').append(d.get(key)).append(' ');
      }
    }
    return b.toString().trim();
  }

  /** Thrown at the first violation: what follows a broken invariant is noise. */
  static final class Violated extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Violated() {
      super(null, null, false, false);
    }
  }
}
