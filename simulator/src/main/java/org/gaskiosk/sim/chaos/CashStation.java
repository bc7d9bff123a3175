package org.gaskiosk.sim.chaos;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.gaskiosk.hw.bill.id003.DeviceFaultListener;
import org.gaskiosk.hw.bill.id003.Id003Acceptor;
import org.gaskiosk.hw.bill.id003.Id003Config;
import org.gaskiosk.sim.bill.Id003Device;
import org.gaskiosk.sim.bill.InMemoryBillTransport;

/**
 * One kiosk's banknote acceptor: the ID003 device model on an in-memory cable, which outlives the
 * controller (its cash box keeps what it holds through a power cut), and the production driver,
 * which is rebuilt with the controller. The resident's side waits for each note to settle on the
 * device's own events (stacked and acknowledged, or back in the hand), never on a timer.
 */
final class CashStation implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(10);
  private static final Duration SETTLE = Duration.ofSeconds(20);

  /** What happened to one note. */
  enum Outcome {
    STACKED,
    RETURNED,
    REFUSED,
    NOT_READY,
    UNSETTLED,
    POWER_CUT
  }

  private final InMemoryBillTransport transport = InMemoryBillTransport.start();
  private final Set<String> activeFaults = ConcurrentHashMap.newKeySet();
  private volatile boolean reconciliationRaised;
  private Id003Acceptor driver;

  /** A fresh production driver for a controller that is starting. */
  Id003Acceptor newDriver() {
    Id003Config config =
        Id003Config.defaults(Clock.systemUTC())
            .withTiming(Duration.ofMillis(1), Duration.ofSeconds(2), Duration.ofMillis(5))
            .withBounds(Duration.ofMinutes(10), Duration.ofSeconds(30));
    driver = new Id003Acceptor(transport.driverOpener(), config, new Faults());
    return driver;
  }

  Id003Device device() {
    return transport.device();
  }

  /** The power went: the acceptor loses its settings and reports what it held at power-up. */
  void powerCut() {
    transport.device().powerCycle();
  }

  long cashBoxTotal() {
    return transport.device().cashBox().stream().mapToLong(Long::longValue).sum();
  }

  /** Whether the driver asked for a person to reconcile the cash box since the last call. */
  boolean takeReconciliationRequest() {
    boolean raised = reconciliationRaised;
    reconciliationRaised = false;
    return raised;
  }

  /** Staff counted the cash box against the journal: the driver's reconciliation fault ends. */
  void reconciled() {
    if (driver != null) {
      driver.reconciled();
    }
  }

  Set<String> activeFaults() {
    return Set.copyOf(activeFaults);
  }

  /**
   * A resident inserts a note and waits until it settled.
   *
   * @param alive false once the controller lost power (then nothing more will settle)
   */
  Outcome insert(long fen, boolean counterfeit, BooleanSupplier alive) {
    return insert(fen, counterfeit, alive, true);
  }

  /**
   * @param waitReady whether the resident waits for the slot to light up first (not when the
   *     acceptor is faulted: then the note is simply not drawn in)
   */
  Outcome insert(long fen, boolean counterfeit, BooleanSupplier alive, boolean waitReady) {
    Id003Device d = transport.device();
    if (waitReady && !until(() -> !d.isInhibited() && d.status().equals("idling"), alive, READY)) {
      return alive.getAsBoolean() ? Outcome.NOT_READY : Outcome.POWER_CUT;
    }
    int stacked = d.cashBox().size();
    int returned = d.returnedToCustomer().size();
    int acks = d.acks();
    Id003Device.Insertion in = counterfeit ? d.insertCounterfeit(fen) : d.insert(fen);
    if (in == Id003Device.Insertion.REFUSED) {
      return Outcome.REFUSED;
    }
    boolean settled =
        until(
            () ->
                (d.cashBox().size() > stacked && d.acks() > acks)
                    || d.returnedToCustomer().size() > returned,
            alive,
            SETTLE);
    if (!alive.getAsBoolean()) {
      return Outcome.POWER_CUT;
    }
    if (!settled) {
      return Outcome.UNSETTLED;
    }
    // The driver hands "returned" to the engine as it handles the status: a few more polls make
    // sure it did before the resident's next touch.
    long polls = d.statusRequests();
    until(() -> d.statusRequests() >= polls + 3, alive, SETTLE);
    return d.cashBox().size() > stacked ? Outcome.STACKED : Outcome.RETURNED;
  }

  /** Waits until the driver has seen the device at rest again after a fault was cleared. */
  void awaitPolls(int n, BooleanSupplier alive) {
    long polls = transport.device().statusRequests();
    until(() -> transport.device().statusRequests() >= polls + n, alive, SETTLE);
  }

  static boolean until(BooleanSupplier condition, BooleanSupplier alive, Duration bound) {
    long end = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (!alive.getAsBoolean() || System.nanoTime() > end) {
        return condition.getAsBoolean();
      }
      // The device model runs on its serving thread and offers no completion signal; the resident
      // looks again a moment later.
      LockSupport.parkNanos(50_000);
    }
    return true;
  }

  @Override
  public void close() {
    transport.close();
  }

  private final class Faults implements DeviceFaultListener {
    @Override
    public void raised(
        String device, String code, DeviceFaultListener.Severity severity, String text) {
      activeFaults.add(code);
      if (code.equals("reconciliation")) {
        reconciliationRaised = true;
      }
    }

    @Override
    public void cleared(String device, String code, String recovery) {
      activeFaults.remove(code);
    }
  }
}
