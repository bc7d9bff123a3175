package org.gaskiosk.sim.bill;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaskiosk.core.port.BillListener;

/**
 * A listener that behaves like the engine's journal: it credits each note id once, however often
 * {@link #onStacked} is called for it. Tests steer its escrow decision, make it fail or block.
 */
final class RecordingBillListener implements BillListener {
  record Stacked(String noteId, long fen) {}

  record Returned(long fen, String reason) {}

  final List<Long> escrows = new CopyOnWriteArrayList<>();
  final List<Stacked> stackedCalls = new CopyOnWriteArrayList<>();
  final List<Returned> returns = new CopyOnWriteArrayList<>();
  final Map<String, Long> journal = new ConcurrentHashMap<>();
  volatile EscrowDecision decision = EscrowDecision.STACK;
  final AtomicInteger failNextCredits = new AtomicInteger();
  volatile CountDownLatch escrowGate;
  volatile CountDownLatch creditGate;
  volatile Runnable duringCredit = () -> {};

  @Override
  public EscrowDecision onEscrow(long valueFen) {
    escrows.add(valueFen);
    await(escrowGate);
    return decision;
  }

  @Override
  public void onStacked(String noteId, long valueFen) {
    stackedCalls.add(new Stacked(noteId, valueFen));
    duringCredit.run();
    await(creditGate);
    if (failNextCredits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("journal unavailable (simulated)");
    }
    journal.putIfAbsent(noteId, valueFen);
  }

  @Override
  public void onReturned(long valueFen, String reason) {
    returns.add(new Returned(valueFen, reason));
  }

  long creditedTotal() {
    return journal.values().stream().mapToLong(Long::longValue).sum();
  }

  private static void await(CountDownLatch gate) {
    if (gate == null) {
      return;
    }
    try {
      gate.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
