package org.gaskiosk.sim.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.BillListener;

/**
 * A banknote acceptor with no latency: a note offered is escrowed and stacked at once on the
 * caller's thread, through the same listener calls the ID003 driver makes (escrow decision, then
 * stacked, which returns only when the credit is committed). Measures the controller, not the 150
 * ms ID003 poll cycle.
 */
final class InstantAcceptor implements BillAcceptor {
  private final AtomicLong notes = new AtomicLong();
  private volatile BillListener listener;
  private volatile boolean enabled;

  @Override
  public void start(BillListener listener) {
    this.listener = listener;
  }

  /** Offers one note; true if the controller stacked (and credited) it. */
  boolean insert(long fen) {
    BillListener l = listener;
    if (l == null || !enabled) {
      return false;
    }
    if (l.onEscrow(fen) != BillListener.EscrowDecision.STACK) {
      l.onReturned(fen, "refused by the controller");
      return false;
    }
    l.onStacked("bench-note-" + notes.incrementAndGet(), fen);
    return true;
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
    listener = null;
  }

  @Override
  public String health() {
    return "ok";
  }
}
