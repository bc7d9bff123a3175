package org.gaskiosk.sim.central;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaskiosk.core.journal.OutboxEvent;
import org.gaskiosk.core.journal.OutboxStore;

/** A test double of the journal's outbox: rows in a sorted map, appends notify the listeners. */
final class InMemoryOutbox implements OutboxStore {
  private final TreeMap<Long, OutboxEvent> rows = new TreeMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final List<Long> acks = new CopyOnWriteArrayList<>();
  private final List<Long> lostAcks = new CopyOnWriteArrayList<>();
  private long nextSeq = 1;
  private int acksToLose;

  OutboxEvent append(String type, String bodyJson) {
    OutboxEvent e;
    synchronized (this) {
      e = new OutboxEvent(nextSeq++, UUID.randomUUID().toString(), type, Instant.now(), bodyJson);
      rows.put(e.seq(), e);
    }
    listeners.forEach(Runnable::run);
    return e;
  }

  @Override
  public synchronized List<OutboxEvent> after(long afterSeq, int limit) {
    List<OutboxEvent> out = new ArrayList<>();
    for (OutboxEvent e : rows.tailMap(afterSeq, false).values()) {
      if (out.size() == limit) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  @Override
  public synchronized void acknowledgeUpTo(long seq) {
    if (acksToLose > 0) {
      // Nothing deleted, nothing remembered: to the kiosk this ack never arrived.
      acksToLose--;
      lostAcks.add(seq);
      throw new IllegalStateException("test: the ack up to " + seq + " is lost");
    }
    acks.add(seq);
    rows.headMap(seq, true).clear();
  }

  @Override
  public synchronized long depth() {
    return rows.size();
  }

  @Override
  public void onAppended(Runnable listener) {
    listeners.add(listener);
  }

  /** The next {@code n} acks are lost on their way into the kiosk. */
  synchronized void loseNextAcks(int n) {
    acksToLose = n;
  }

  List<Long> lostAcks() {
    return List.copyOf(lostAcks);
  }

  List<Long> acks() {
    return List.copyOf(acks);
  }
}
