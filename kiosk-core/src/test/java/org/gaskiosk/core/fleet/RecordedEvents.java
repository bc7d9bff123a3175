package org.gaskiosk.core.fleet;

import java.util.ArrayList;
import java.util.List;
import org.gaskiosk.core.journal.PendingEvent;

/**
 * An {@link EventRecorder} that keeps what it was given, and can be told to fail like a full disk.
 */
final class RecordedEvents implements EventRecorder {
  final List<PendingEvent> events = new ArrayList<>();
  boolean failing;

  @Override
  public synchronized void record(List<PendingEvent> batch) {
    if (failing) {
      throw new IllegalStateException("journal unavailable (test)");
    }
    events.addAll(batch);
  }

  synchronized List<String> types() {
    return events.stream().map(PendingEvent::type).toList();
  }

  synchronized PendingEvent last(String type) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).type().equals(type)) {
        return events.get(i);
      }
    }
    throw new AssertionError("no " + type + " among " + types());
  }
}
