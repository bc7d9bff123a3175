package org.gaskiosk.sim.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.gaskiosk.core.port.AuthorizeRequest;
import org.gaskiosk.core.port.AuthorizeResult;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;

/**
 * The uplink as the engine sees it, timed: the round trips to the central system (broker, central
 * simulator, its state file) are not the controller's own work, so the overhead figure subtracts
 * them.
 */
final class TimedCentral implements CentralSystem {
  private final CentralSystem target;
  private final AtomicLong nanos = new AtomicLong();

  TimedCentral(CentralSystem target) {
    this.target = target;
  }

  @Override
  public LookupResult lookup(LookupRequest request) {
    long t = System.nanoTime();
    try {
      return target.lookup(request);
    } finally {
      nanos.addAndGet(System.nanoTime() - t);
    }
  }

  @Override
  public AuthorizeResult authorize(AuthorizeRequest request) {
    long t = System.nanoTime();
    try {
      return target.authorize(request);
    } finally {
      nanos.addAndGet(System.nanoTime() - t);
    }
  }

  /** The engine asks this before loading a pending credit; the link's answer, untimed. */
  @Override
  public boolean connected() {
    return target.connected();
  }

  long nanos() {
    return nanos.get();
  }
}
