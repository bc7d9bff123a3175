package org.gaskiosk.hw.printer;

/**
 * Told when the set of printer faults changes. Called on the thread that checked the status (the
 * engine's, or whoever calls {@link EscPosPrinter#status()}); keep it short: it runs under the
 * printer's lock, in the order the changes happened. An exception it throws is logged and does not
 * reach the printer.
 */
@FunctionalInterface
public interface PrinterStatusListener {
  void changed(PrinterStatusChange change);
}
