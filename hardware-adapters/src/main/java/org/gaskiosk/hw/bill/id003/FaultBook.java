package org.gaskiosk.hw.bill.id003;

import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acceptor's active faults. Raising an active fault again with the same text is a no-op, so the
 * poll loop can state the device's condition on every poll and the listener still hears each change
 * once. A listener that throws is logged and otherwise ignored: fault reporting never stops money
 * handling.
 */
final class FaultBook {
  private static final Logger log = LoggerFactory.getLogger(FaultBook.class);

  private final String device;
  private final DeviceFaultListener listener;
  private final Map<AcceptorFault, String> active = new EnumMap<>(AcceptorFault.class);

  FaultBook(String device, DeviceFaultListener listener) {
    this.device = device;
    this.listener = listener;
  }

  synchronized void raise(AcceptorFault fault, String text) {
    if (text.equals(active.get(fault))) {
      return;
    }
    active.put(fault, text);
    log.warn("{} fault {} ({}): {}", device, fault.code(), fault.severity(), text);
    try {
      listener.raised(device, fault.code(), fault.severity(), text);
    } catch (RuntimeException e) {
      log.error("{} fault listener failed on {}", device, fault.code(), e);
    }
  }

  synchronized void clear(AcceptorFault fault) {
    if (active.remove(fault) == null) {
      return;
    }
    log.info("{} fault {} cleared: {}", device, fault.code(), fault.recovery());
    try {
      listener.cleared(device, fault.code(), fault.recovery());
    } catch (RuntimeException e) {
      log.error("{} fault listener failed on clearing {}", device, fault.code(), e);
    }
  }

  /** Whether an active fault keeps the acceptor from taking notes (jam, box out, link lost...). */
  synchronized boolean blocksNotes() {
    for (AcceptorFault f : active.keySet()) {
      if (f.blocksNotes()) {
        return true;
      }
    }
    return false;
  }

  synchronized boolean isActive(AcceptorFault fault) {
    return active.containsKey(fault);
  }

  synchronized String text(AcceptorFault fault) {
    return active.get(fault);
  }

  /** A copy of the active faults and their texts. */
  synchronized Map<AcceptorFault, String> snapshot() {
    return active.isEmpty() ? Map.of() : new EnumMap<>(active);
  }
}
