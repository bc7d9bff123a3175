package org.gaskiosk.sim.bill;

import org.gaskiosk.hw.bill.id003.Id003Link;

/** One way to join the production driver to the simulated acceptor (in memory, or a pty pair). */
interface BillTransport extends AutoCloseable {
  Id003Device device();

  Id003Link.Opener driverOpener();

  @Override
  void close();

  static BillTransport inMemory() {
    InMemoryBillTransport t = InMemoryBillTransport.start();
    return new BillTransport() {
      @Override
      public Id003Device device() {
        return t.device();
      }

      @Override
      public Id003Link.Opener driverOpener() {
        return t.driverOpener();
      }

      @Override
      public void close() {
        t.close();
      }
    };
  }
}
