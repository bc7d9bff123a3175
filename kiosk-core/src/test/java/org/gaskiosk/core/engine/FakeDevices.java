package org.gaskiosk.core.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.BillListener;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.core.port.ReceiptPrinter;

/** An acceptor the test feeds notes into, and a printer that keeps receipts. */
final class FakeDevices {
  private FakeDevices() {}

  static final class Acceptor implements BillAcceptor {
    private volatile BillListener listener;
    private volatile boolean enabled;
    private final AtomicInteger notes = new AtomicInteger();
    final List<String> acknowledged = new CopyOnWriteArrayList<>();

    @Override
    public void start(BillListener l) {
      listener = l;
    }

    @Override
    public void enable() {
      enabled = true;
    }

    @Override
    public void inhibit() {
      enabled = false;
    }

    @Override
    public boolean isEnabled() {
      return enabled;
    }

    @Override
    public void stop() {
      enabled = false;
    }

    @Override
    public String health() {
      return "ok";
    }

    /**
     * Inserts a note the way a device reports it: escrow, then stacked; returns whether it was
     * stacked.
     */
    boolean insert(long value) {
      if (!enabled || listener.onEscrow(value) != BillListener.EscrowDecision.STACK) {
        return false;
      }
      String id = "note-" + notes.incrementAndGet();
      listener.onStacked(id, value);
      acknowledged.add(id);
      return true;
    }
  }

  static final class Printer implements ReceiptPrinter {
    final List<Receipt> printed = new CopyOnWriteArrayList<>();
    volatile boolean ready = true;

    @Override
    public PrintResult print(Receipt receipt) {
      printed.add(receipt);
      return PrintResult.ok();
    }

    @Override
    public boolean canPrint() {
      return ready;
    }
  }
}
