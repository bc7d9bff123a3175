package org.gaskiosk.hw.bill.id003;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gaskiosk.core.port.BillListener;
import org.gaskiosk.core.port.BillListener.EscrowDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the listener about a note in escrow, but never waits longer than a bound: the acceptor
 * returns an unanswered note by itself after its escrow timeout, and the host must answer first. A
 * listener that is late, throws, or answers null gets the note returned. The listener runs on its
 * own thread so a blocked listener cannot hold the poll loop.
 */
final class EscrowDecider implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EscrowDecider.class);

  private final BillListener listener;
  private final Duration bound;
  private final ExecutorService executor;

  EscrowDecider(BillListener listener, Duration bound, String device) {
    this.listener = listener;
    this.bound = bound;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, device + "-escrow");
              t.setDaemon(true);
              return t;
            });
  }

  EscrowDecision decide(long fen) {
    Future<EscrowDecision> answer = executor.submit(() -> listener.onEscrow(fen));
    try {
      EscrowDecision d = answer.get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return d == null ? EscrowDecision.RETURN : d;
    } catch (TimeoutException e) {
      answer.cancel(true);
      log.error("escrow decision for {} fen took longer than {}: returning the note", fen, bound);
      return EscrowDecision.RETURN;
    } catch (ExecutionException e) {
      log.error("escrow decision for {} fen failed: returning the note", fen, e.getCause());
      return EscrowDecision.RETURN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EscrowDecision.RETURN;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
