package org.gaskiosk.core.journal;

import java.util.List;

/**
 * The journal's outbox as the uplink sees it. Rows leave only when the central system acknowledged
 * them.
 */
public interface OutboxStore {

  /** Up to {@code limit} events with {@code seq > afterSeq}, oldest first. */
  List<OutboxEvent> after(long afterSeq, int limit);

  /** Deletes every event with {@code seq <= seq}: the central system committed them. */
  void acknowledgeUpTo(long seq);

  /** How many events wait. */
  long depth();

  /** Called (on the committing thread) after every commit that added events; must be quick. */
  void onAppended(Runnable listener);
}
