package org.gaskiosk.core.uplink;

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
  private long nextSeq = 1;

  /** Appends an event with the next seq and a fresh eventId; returns it. */
  OutboxEvent append(String type, String bodyJson) {
    OutboxEvent e;
    synchronized (this) {
      e = new OutboxEvent(nextSeq++, UUID.randomUUID().toString(), type, Instant.EPOCH, bodyJson);
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

  List<Long> acks() {
    return List.copyOf(acks);
  }
}
