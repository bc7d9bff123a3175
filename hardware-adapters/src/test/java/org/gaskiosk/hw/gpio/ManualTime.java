package org.gaskiosk.hw.gpio;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.PriorityQueue;

/** A clock and delays that move only when the test says so: no sleeping, no flakiness. */
final class ManualTime implements Delays {
  private Instant now = Instant.parse("2026-03-01T08:00:00Z");
  private long seq;
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparing(Task::due).thenComparingLong(Task::seq));

  private record Task(Instant due, long seq, Runnable run, boolean[] cancelled) {}

  @Override
  public synchronized Pending after(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    tasks.add(new Task(now.plus(delay), seq++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves time forward, running every task that falls due on the way, in order. */
  void advance(Duration by) {
    Instant end;
    synchronized (this) {
      end = now.plus(by);
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due().isAfter(end)) {
          now = end;
          return;
        }
        tasks.poll();
        now = next.due();
      }
      if (!next.cancelled()[0]) {
        next.run().run();
      }
    }
  }

  void advanceMillis(long ms) {
    advance(Duration.ofMillis(ms));
  }

  Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        synchronized (ManualTime.this) {
          return now;
        }
      }
    };
  }
}
