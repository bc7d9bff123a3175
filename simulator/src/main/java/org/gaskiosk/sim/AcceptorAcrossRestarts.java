package org.gaskiosk.sim;

import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.BillListener;

/**
 * The banknote acceptor's driver as it outlives an in-process controller restart ({@code reboot}, a
 * new configuration): the driver keeps polling the device, and each engine that starts takes over
 * its events. Between engines the acceptor is inhibited; a note that escrows then is returned, and
 * a stacked note is not acknowledged (the device repeats it to the next engine).
 */
final class AcceptorAcrossRestarts implements BillAcceptor, BillListener, AutoCloseable {
  private final BillAcceptor driver;
  private volatile BillListener engine;
  private boolean started;

  AcceptorAcrossRestarts(BillAcceptor driver) {
    this.driver = driver;
  }

  @Override
  public synchronized void start(BillListener listener) {
    engine = listener;
    if (!started) {
      started = true;
      driver.start(this);
    }
  }

  /** The engine stops: the device stays inhibited until the next engine starts. */
  @Override
  public void stop() {
    driver.inhibit();
    engine = null;
  }

  /** The demo ends: now the driver stops. */
  @Override
  public synchronized void close() {
    engine = null;
    if (started) {
      driver.stop();
    }
  }

  @Override
  public void enable() {
    driver.enable();
  }

  @Override
  public void inhibit() {
    driver.inhibit();
  }

  @Override
  public boolean isEnabled() {
    return driver.isEnabled();
  }

  @Override
  public String health() {
    return driver.health();
  }

  @Override
  public EscrowDecision onEscrow(long valueFen) {
    BillListener e = engine;
    return e == null ? EscrowDecision.RETURN : e.onEscrow(valueFen);
  }

  @Override
  public void onStacked(String noteId, long valueFen) {
    BillListener e = engine;
    if (e == null) {
      // Not acknowledged: the device repeats VEND VALID, and the next engine credits it once.
      throw new IllegalStateException(
          "banknote " + noteId + " stacked while the controller restarts");
    }
    e.onStacked(noteId, valueFen);
  }

  @Override
  public void onReturned(long valueFen, String reason) {
    BillListener e = engine;
    if (e != null) {
      e.onReturned(valueFen, reason);
    }
  }
}
