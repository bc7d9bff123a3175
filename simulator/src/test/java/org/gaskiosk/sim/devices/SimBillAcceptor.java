package org.gaskiosk.sim.devices;

import java.util.UUID;
import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.BillListener;

/**
 * A simple in-process banknote acceptor behind the acceptor port (the ID003 protocol comes with its
 * own issue). A note goes through escrow (the engine decides), then is stacked and credited; the
 * "acknowledgement" is the return of {@link BillListener#onStacked}. Denominations are those of the
 * CNY notes an acceptor takes.
 */
public final class SimBillAcceptor implements BillAcceptor {
  private static final long[] DENOMINATIONS = {100, 500, 1000, 2000, 5000, 10000};
  private volatile BillListener listener;
  private volatile boolean enabled;
  private volatile String fault = "none";

  /** What happened to one inserted note. */
  public enum Outcome {
    STACKED,
    RETURNED_BY_KIOSK,
    REJECTED_BY_ACCEPTOR,
    INHIBITED,
    FAULT
  }

  @Override
  public void start(BillListener l) {
    this.listener = l;
  }

  @Override
  public void enable() {
    enabled = true;
  }

  @Override
  public void inhibit() {
    enabled = false;
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }

  @Override
  public void stop() {
    enabled = false;
  }

  @Override
  public String health() {
    return fault.equals("none") ? "ok" : fault;
  }

  /** Sets a fault ("jam", "stacker-full", "stacker-open") or clears it ("none"). */
  public void fault(String fault) {
    this.fault = fault;
  }

  public String fault() {
    return fault;
  }

  public static boolean isDenomination(long fen) {
    for (long d : DENOMINATIONS) {
      if (d == fen) {
        return true;
      }
    }
    return false;
  }

  /**
   * A resident inserts a note. Blocks until the engine committed the credit (or refused the note).
   *
   * @param reject the acceptor itself refuses the note (worn, fake)
   */
  public synchronized Outcome insert(long valueFen, boolean reject) {
    BillListener l = listener;
    if (!fault.equals("none")) {
      return Outcome.FAULT;
    }
    if (!enabled || l == null) {
      return Outcome.INHIBITED;
    }
    if (reject || !isDenomination(valueFen)) {
      return Outcome.REJECTED_BY_ACCEPTOR;
    }
    if (l.onEscrow(valueFen) != BillListener.EscrowDecision.STACK) {
      l.onReturned(valueFen, "returned at escrow");
      return Outcome.RETURNED_BY_KIOSK;
    }
    // The note's id is fixed once it is in escrow, so a repeated VEND VALID would carry the same
    // id.
    l.onStacked(UUID.randomUUID().toString(), valueFen);
    return Outcome.STACKED;
  }
}
