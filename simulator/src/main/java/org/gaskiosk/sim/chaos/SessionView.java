package org.gaskiosk.sim.chaos;

import java.time.Duration;
import java.util.Map;
import org.gaskiosk.sim.central.InProcessCentral;

/** A payment strategy's view of the session: one resident at one kiosk. */
final class SessionView implements PaymentStrategy.Session {
  private final ChaosKiosk k;
  private final Rng rng;
  private final Steps steps;
  private final SessionFaults faults;
  private final InProcessCentral central;
  private final CashPayment cashPayment;

  SessionView(
      ChaosKiosk k,
      Rng rng,
      Steps steps,
      SessionFaults faults,
      InProcessCentral central,
      CashPayment cashPayment) {
    this.k = k;
    this.rng = rng;
    this.steps = steps;
    this.faults = faults;
    this.central = central;
    this.cashPayment = cashPayment;
  }

  @Override
  public ChaosKiosk kiosk() {
    return k;
  }

  @Override
  public Rng rng() {
    return rng;
  }

  @Override
  public void step(String what) {
    steps.step(what);
  }

  @Override
  public void note(String what) {
    steps.note(what);
  }

  @Override
  public void fault(FaultKind kind) {
    steps.fault(kind);
  }

  @Override
  public boolean afterAction() throws Exception {
    return steps.afterAction(k);
  }

  @Override
  public boolean afterEvent() throws Exception {
    return steps.afterEvent(k);
  }

  @Override
  public void walkAway(Duration timeout) throws Exception {
    steps.walkAway(k, timeout);
  }

  @Override
  public void pullCard() {
    faults.residentPulls(k);
  }

  @Override
  public InProcessCentral central() {
    return central;
  }

  @Override
  public void advance(Duration d) {
    steps.advance(d);
  }

  @Override
  public void loseNotices() {
    faults.loseNotices();
  }

  @Override
  public void brokerDown() {
    k.setBroker(false);
  }

  @Override
  public void payCash(long due) throws Exception {
    cashPayment.pay(this, due);
  }

  @Override
  public boolean act(String action, Map<String, Object> body) {
    return steps.act(k, action, body);
  }
}
