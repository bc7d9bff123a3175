package org.gaskiosk.sim.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.core.port.ReceiptPrinter;

/** A printer that prints at once: the benchmarks measure the controller, not paper. */
final class NullPrinter implements ReceiptPrinter {
  private final AtomicLong printed = new AtomicLong();

  @Override
  public PrintResult print(Receipt receipt) {
    printed.incrementAndGet();
    return PrintResult.ok();
  }

  @Override
  public boolean canPrint() {
    return true;
  }

  long printed() {
    return printed.get();
  }
}
