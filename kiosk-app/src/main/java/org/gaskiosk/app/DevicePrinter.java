package org.gaskiosk.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.core.port.ReceiptPrinter;
import org.gaskiosk.hw.printer.EscPosPrinter;
import org.gaskiosk.hw.printer.PrinterConfig;
import org.gaskiosk.hw.printer.PrinterLink;
import org.gaskiosk.hw.printer.PrinterStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ESC/POS printer on its device node ({@code /dev/kiosk-printer}), opened when first needed and
 * again after it was unplugged: a kiosk started without its printer prints once it is plugged in,
 * without a restart. While absent every print fails as a value and {@link #health} says why.
 */
final class DevicePrinter implements ReceiptPrinter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevicePrinter.class);

  private final Path device;
  private final PrinterConfig config;
  private final Clock clock;
  private EscPosPrinter printer;
  private String problem = "not opened yet";

  DevicePrinter(Path device, PrinterConfig config, Clock clock) {
    this.device = device;
    this.config = config;
    this.clock = clock;
  }

  private synchronized EscPosPrinter printer() {
    if (printer != null && !Files.exists(device)) {
      LOG.warn("printer {} went away; reopening when it is back", device);
      closeQuietly();
    }
    if (printer == null) {
      // Never open a missing node: RandomAccessFile "rw" would create a plain file in its place.
      if (!Files.exists(device) || Files.isRegularFile(device)) {
        problem = "no printer device at " + device;
        return null;
      }
      try {
        printer = new EscPosPrinter(PrinterLink.openDevice(device), config, clock);
        LOG.info("printer open on {}", device);
      } catch (IOException e) {
        problem = e.getMessage();
        return null;
      }
    }
    return printer;
  }

  @Override
  public PrintResult print(Receipt receipt) {
    EscPosPrinter p = printer();
    return p == null ? PrintResult.failed("printer absent: " + problem) : p.print(receipt);
  }

  @Override
  public boolean canPrint() {
    EscPosPrinter p = printer();
    return p != null && p.canPrint();
  }

  /** "ok", or why a receipt cannot be printed now. Asks the printer. */
  String health() {
    EscPosPrinter p = printer();
    if (p == null) {
      return "absent: " + problem;
    }
    PrinterStatus s = p.status();
    return s.canPrint() ? "ok" : s.describe() + " (" + s.detail() + ")";
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (printer != null) {
      try {
        printer.close();
      } catch (IOException | RuntimeException e) {
        LOG.debug("closing printer {}: {}", device, e.toString());
      }
      printer = null;
    }
  }
}
