package org.gaskiosk.sim.chaos;

import java.util.List;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.central.InProcessCentral;

/**
 * The faults drawn for one resident's session, and what the campaign must remember of them while
 * the session runs: the broker down for the whole session or dropping at a drawn step, acks lost, a
 * power cut armed at the N-th crash point from now, a card pull armed at a command (counted only
 * when it fires), the provider's paid notices lost. None of them outlives the session.
 */
final class SessionFaults {
  private static final List<Integer> TEAR_INS =
      List.of(0x50, 0x52, 0x52, 0x52, 0xA4, 0xB0, 0xB2, 0x5C, 0x5A);

  private final Rng rng;
  private final Logbook log;
  private final InProcessCentral central;
  private ChaosKiosk current;
  private int sessionSteps;
  private int dropBrokerAtStep = -1;
  private boolean tearArmed;
  private boolean acksLost;
  private boolean losingNotices;

  SessionFaults(Rng rng, Logbook log, InProcessCentral central) {
    this.rng = rng;
    this.log = log;
    this.central = central;
  }

  /**
   * Draws the link's faults for a session at {@code k}: the broker down throughout, acks lost, or
   * the broker dropping at a drawn step.
   */
  void drawLinkFaults(ChaosKiosk k) {
    boolean brokerDown = rng.chance(0.10);
    acksLost = rng.chance(0.08);
    current = k;
    sessionSteps = 0;
    // The link may also drop mid-session: after the lookup, before the load's authorisation.
    dropBrokerAtStep = !brokerDown && rng.chance(0.08) ? 2 + rng.below(8) : -1;
    if (brokerDown) {
      log.fault(FaultKind.BROKER_DOWN);
      k.setBroker(false);
      log.note("broker down for this session");
    }
    if (acksLost) {
      log.fault(FaultKind.ACK_LOST);
      log.note("acks lost for this session");
    }
  }

  /** Draws the devices' faults: a power cut at a crash point, the card pulled at a command. */
  void armDeviceFaults(ChaosKiosk k) {
    if (rng.chance(0.12)) {
      int at = rng.below(60);
      k.power.arm(at);
      log.note("power cut armed at crash point +" + at);
    }
    if (rng.chance(0.12)) {
      int ins = rng.pick(TEAR_INS);
      SimCardSlot.When when =
          rng.chance(0.5) ? SimCardSlot.When.BEFORE_APPLY : SimCardSlot.When.AFTER_APPLY;
      k.slot.tearNext(ins, when);
      tearArmed = true;
      log.note(String.format("card pull armed at INS %02X %s", ins, when));
    }
  }

  /** A step began: the broker drops if this is the session's drawn step. */
  void stepTaken() {
    if (++sessionSteps == dropBrokerAtStep && current.brokerUp()) {
      log.fault(FaultKind.BROKER_DOWN);
      current.setBroker(false);
      log.note("the broker goes down");
    }
  }

  /** Counts the armed card pull once it fired: the card left the slot mid-command. */
  void countFiredPull(ChaosKiosk k) {
    if (tearArmed && k.slot.insertedCardNo().isEmpty()) {
      tearArmed = false;
      log.fault(FaultKind.CARD_PULLED);
      log.note("the card was pulled mid-command; screen " + k.view().screen());
    }
  }

  /** The resident pulls the card (an armed mid-command pull that did not fire is not counted). */
  void residentPulls(ChaosKiosk k) {
    tearArmed = false;
    k.slot.remove();
  }

  /** The resident is gone: a power cut or a card pull that did not fire does not carry over. */
  void disarmDevices(ChaosKiosk k) {
    k.power.disarm();
    k.slot.tearNext(0x00, SimCardSlot.When.BEFORE_APPLY); // an unfired pull does not carry over
    tearArmed = false;
  }

  boolean acksLost() {
    return acksLost;
  }

  /** The session's batches were sent with their acks lost; acks arrive again. */
  void acksArriveAgain() {
    acksLost = false;
  }

  /** The session is over: the broker stays up. */
  void noMoreDrops() {
    dropBrokerAtStep = -1;
  }

  /** The provider's paid notices of this session get lost on the way to the kiosk. */
  void loseNotices() {
    losingNotices = true;
  }

  boolean losingNotices() {
    return losingNotices;
  }

  /** The provider's misbehaviour was this resident's: it behaves again, its notices arrive. */
  void providerBehaves() {
    central.payments().reset();
    losingNotices = false;
  }
}
