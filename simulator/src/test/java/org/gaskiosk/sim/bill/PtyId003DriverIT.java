package org.gaskiosk.sim.bill;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gaskiosk.hw.bill.id003.Id003Link;
import org.gaskiosk.hw.bill.id003.SerialId003Link;

/**
 * The same driver contract over a socat pseudo-terminal pair: the driver opens its end by path
 * through jSerialComm exactly as on the kiosk, the device model serves the other end. Needs socat;
 * without it every test fails with the install hint (never skipped).
 */
class PtyId003DriverIT extends Id003DriverContract {

  @Override
  BillTransport newTransport() throws Exception {
    Path folder = Files.createTempDirectory("id003-pty");
    PtyBillTransport pty = PtyBillTransport.start(folder);
    return new BillTransport() {
      @Override
      public Id003Device device() {
        return pty.device();
      }

      @Override
      public Id003Link.Opener driverOpener() {
        return SerialId003Link.opener(pty.driverPath().toString());
      }

      @Override
      public void close() {
        pty.close();
      }
    };
  }
}
