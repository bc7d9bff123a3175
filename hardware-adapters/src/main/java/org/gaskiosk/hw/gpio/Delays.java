package org.gaskiosk.hw.gpio;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay: the end of a beep, the end of a debounce window. Production wraps
 * a ScheduledExecutorService; tests step a manual clock instead of sleeping.
 */
@FunctionalInterface
public interface Delays {

  Pending after(Duration delay, Runnable task);

  /** A task not yet run. */
  @FunctionalInterface
  interface Pending {
    /** Keeps the task from running if it has not started. */
    void cancel();
  }

  /** Tasks run on the executor's thread(s). */
  static Delays on(ScheduledExecutorService executor) {
    return (delay, task) -> {
      ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }
}
