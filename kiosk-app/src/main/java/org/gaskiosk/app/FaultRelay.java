package org.gaskiosk.app;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gaskiosk.core.fleet.Faults;
import org.gaskiosk.hw.bill.id003.DeviceFaultListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device faults into the fleet's fault lifecycle (journaled, sent to the central system, and the
 * kiosk's mode follows). Devices open before the fleet agent exists, so what is raised meanwhile is
 * kept and handed over at {@link #attach}: a kiosk that starts with its acceptor unplugged shows
 * out-of-service from its first screen.
 */
final class FaultRelay implements DeviceFaultListener {
  private static final Logger LOG = LoggerFactory.getLogger("faults");

  private record Early(
      String device, String code, org.gaskiosk.core.fleet.Severity severity, String text) {}

  private final Map<String, Early> early = new LinkedHashMap<>();
  private Faults target;

  synchronized void attach(Faults faults) {
    target = faults;
    early.values().forEach(f -> faults.raise(f.device(), f.code(), f.severity(), f.text()));
    early.clear();
  }

  /** Raises a fault (any thread); repeated raises of an open fault only update its text. */
  synchronized void raiseFault(
      String device, String code, org.gaskiosk.core.fleet.Severity severity, String text) {
    if (target == null) {
      if (!early.containsKey(device + "/" + code)) {
        LOG.warn("fault raised: {} {} {}: {}", device, code, severity, text);
      }
      early.put(device + "/" + code, new Early(device, code, severity, text));
    } else {
      target.raise(device, code, severity, text); // Faults logs it
    }
  }

  synchronized void clearFault(String device, String code) {
    if (target == null) {
      if (early.remove(device + "/" + code) != null) {
        LOG.info("fault cleared: {} {}", device, code);
      }
    } else {
      target.clear(device, code);
    }
  }

  @Override
  public void raised(
      String device, String code, DeviceFaultListener.Severity severity, String text) {
    // Any acceptor fault that stops it taking money takes the kiosk out of cash service.
    raiseFault(
        device,
        code,
        severity == Severity.WARNING
            ? org.gaskiosk.core.fleet.Severity.WARNING
            : org.gaskiosk.core.fleet.Severity.CRITICAL,
        text);
  }

  @Override
  public void cleared(String device, String code, String recovery) {
    clearFault(device, code);
  }
}
