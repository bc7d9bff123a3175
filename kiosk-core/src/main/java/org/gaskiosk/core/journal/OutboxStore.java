package org.gaskiosk.core.journal;

import java.util.List;

/**
 * The journal's outbox as the uplink sees it. Rows leave only when the central system acknowledged
 * them.
 *
 * <p>Ordering hazard for implementations: seqs must become visible in seq order. The uplink reads
 * {@code after(lastSentSeq, n)} and the central system acknowledges "up to seq", so a row with seq
 * 10 that commits after a row with seq 11 was already read would be skipped, and deleted unsent by
 * the next ack. Assign seq inside the same lock or transaction order that serialises journal
 * commits (one writer), not from a free-running sequence shared by concurrent transactions. Gaps in
 * seq are fine.
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
