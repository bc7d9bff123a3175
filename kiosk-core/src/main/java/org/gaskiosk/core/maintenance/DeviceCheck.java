package org.gaskiosk.core.maintenance;

import java.util.List;
import org.gaskiosk.core.fleet.Faults;

/**
 * A device's self-test, supplied by the composition root (the printer asks DLE EOT and prints a
 * test slip, GPIO walks the lights, ...). Runs on the caller's thread; must not throw.
 */
@FunctionalInterface
public interface DeviceCheck {

  Result run();

  /**
   * @param ok the device does its job
   * @param detail for the staff, in plain words
   * @param faults every fault the device has now (reconciled into the fault list), or null when the
   *     check cannot tell
   */
  record Result(boolean ok, String detail, List<Faults.Reported> faults) {
    public static Result ok(String detail) {
      return new Result(true, detail, List.of());
    }

    public static Result failed(String detail) {
      return new Result(false, detail, null);
    }
  }
}
