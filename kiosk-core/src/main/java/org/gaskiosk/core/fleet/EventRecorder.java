package org.gaskiosk.core.fleet;

import java.util.List;
import org.gaskiosk.core.journal.PendingEvent;

/**
 * Appends events to the outbox durably: {@code RechargeJournal::record}. Returns only when they are
 * committed, so the uplink will deliver them even after a crash.
 */
@FunctionalInterface
public interface EventRecorder {
  void record(List<PendingEvent> events);
}
