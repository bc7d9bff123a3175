package org.gaskiosk.sim.bill;

import org.gaskiosk.hw.bill.id003.Id003Link;

/**
 * The simulated acceptor on an in-memory pipe, for fast tests and the in-process demo: the
 * production driver ({@code Id003Acceptor}) opens {@link #driverOpener()} as it would a serial
 * port.
 */
public final class InMemoryBillTransport implements AutoCloseable {
  private final BytePipe pipe;
  private final Id003Simulator simulator;

  private InMemoryBillTransport(BytePipe pipe, Id003Simulator simulator) {
    this.pipe = pipe;
    this.simulator = simulator;
  }

  /** Starts a fresh simulated acceptor (powered up, inhibited) on a new pipe. */
  public static InMemoryBillTransport start() {
    return start(new Id003Device());
  }

  public static InMemoryBillTransport start(Id003Device device) {
    BytePipe pipe = new BytePipe();
    return new InMemoryBillTransport(pipe, Id003Simulator.serve(device, pipe.deviceEnd()));
  }

  public Id003Device device() {
    return simulator.device();
  }

  /** What the driver opens. */
  public Id003Link.Opener driverOpener() {
    return pipe.hostOpener();
  }

  /** The cable itself, to unplug and plug in. */
  public BytePipe pipe() {
    return pipe;
  }

  @Override
  public void close() {
    simulator.close();
  }
}
