package org.gaskiosk.sim.bill;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.gaskiosk.core.port.BillAcceptor;

/**
 * The resident's side of the simulated ID003 acceptor for the control API: a note goes in, and the
 * call answers once the acceptor and the kiosk have settled it (stacked and acknowledged, or handed
 * back), so scripts can go on.
 */
public final class BillStation {
  private static final Duration SETTLE = Duration.ofSeconds(8);
  private static final Duration ENABLE = Duration.ofSeconds(8);
  private final Id003Device device;
  private final BillAcceptor driver;

  public BillStation(Id003Device device, BillAcceptor driver) {
    this.device = device;
    this.driver = driver;
  }

  /** What happened to one note. */
  public enum Outcome {
    STACKED,
    RETURNED,
    REFUSED,
    UNSETTLED
  }

  /**
   * Inserts a note and waits until it settled.
   *
   * @param counterfeit the acceptor itself rejects it (worn, fake)
   */
  public synchronized Outcome insert(long fen, boolean counterfeit) throws InterruptedException {
    int stacked = device.cashBox().size();
    int returned = device.returnedToCustomer().size();
    int acks = device.acks();
    // A resident waits for the slot to light up and the previous note to finish: both follow the
    // driver's polls.
    until(() -> !device.isInhibited() && device.status().equals("idling"), ENABLE);
    Id003Device.Insertion in = counterfeit ? device.insertCounterfeit(fen) : device.insert(fen);
    if (in == Id003Device.Insertion.REFUSED) {
      return Outcome.REFUSED;
    }
    // Stacked and acknowledged (the kiosk committed the credit), or back in the resident's hand.
    boolean settled =
        until(
            () ->
                (device.cashBox().size() > stacked && device.acks() > acks)
                    || device.returnedToCustomer().size() > returned,
            SETTLE);
    if (!settled) {
      return Outcome.UNSETTLED;
    }
    return device.cashBox().size() > stacked ? Outcome.STACKED : Outcome.RETURNED;
  }

  /** Sets a fault ("jam", "stacker-full", "stacker-open") or clears them all ("none"). */
  public synchronized void fault(String fault) {
    switch (fault) {
      case "jam" -> device.jamInAcceptor();
      case "stacker-full" -> device.stackerFull();
      case "stacker-open" -> device.removeCashBox();
      case "none" -> {
        device.clearJam();
        device.insertCashBox();
      }
      default ->
          throw new IllegalArgumentException(
              "fault must be jam, stacker-full, stacker-open or none, got " + fault);
    }
  }

  /** The kiosk's driver for this acceptor. */
  public BillAcceptor driver() {
    return driver;
  }

  public Id003Device device() {
    return device;
  }

  public String health() {
    return driver.health();
  }

  private static boolean until(BooleanSupplier condition, Duration bound)
      throws InterruptedException {
    Instant end = Instant.now().plus(bound);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        return false;
      }
      // The device model runs on its serving thread and has no completion signal; this is the
      // resident
      // standing at the slot, looking every 10 ms.
      Thread.sleep(10);
    }
    return true;
  }
}
