package org.gaskiosk.app;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.gaskiosk.core.engine.KioskEngine;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.hw.bill.id003.Id003Acceptor;

/**
 * What the systemd watchdog is fed from: proof that the loops that move money are alive, not merely
 * that the JVM is. Each check makes a no-op round trip through the engine thread (which also owns
 * the card reader, so a reader call that never returns shows here), looks that the acceptor's poll
 * loop has gone round recently, and reads the journal. A device that is merely absent does not fail
 * it: its loop still runs and reports the fault; only a loop that hangs or died does.
 *
 * <p>Not thread-safe: one watchdog thread calls {@link #check()}.
 */
final class HealthCheck {
  private final KioskEngine engine;
  private final Id003Acceptor acceptor;
  private final RechargeJournal journal;
  private final Duration engineTimeout;
  private final Duration stallLimit;
  private final LongSupplier nanoTime;
  private long lastLoops = -1;
  private long lastLoopChange;

  HealthCheck(
      KioskEngine engine,
      Id003Acceptor acceptor,
      RechargeJournal journal,
      Duration engineTimeout,
      Duration stallLimit,
      LongSupplier nanoTime) {
    this.engine = engine;
    this.acceptor = acceptor;
    this.journal = journal;
    this.engineTimeout = engineTimeout;
    this.stallLimit = stallLimit;
    this.nanoTime = nanoTime;
  }

  /** Empty when healthy, else what is wrong. May block as long as the journal read does. */
  Optional<String> check() {
    if (!engine.ping(engineTimeout)) {
      return Optional.of(
          "the engine thread did not answer within "
              + engineTimeout.toMillis()
              + " ms"
              + (engine.crash() == null ? "" : " (crashed: " + engine.crash() + ")"));
    }
    if (!acceptor.isPolling()) {
      return Optional.of("the bill acceptor's poll thread is not running");
    }
    long loops = acceptor.loopCount();
    long now = nanoTime.getAsLong();
    if (loops != lastLoops) {
      lastLoops = loops;
      lastLoopChange = now;
    } else if (now - lastLoopChange > stallLimit.toNanos()) {
      return Optional.of(
          "the bill acceptor's poll loop has not moved for "
              + Duration.ofNanos(now - lastLoopChange).toMillis()
              + " ms");
    }
    try {
      journal.unfinished();
    } catch (RuntimeException e) {
      return Optional.of("the journal cannot be read: " + e);
    }
    return Optional.empty();
  }
}
