package org.gaskiosk.sim;

import java.util.Locale;
import org.gaskiosk.core.fleet.Faults;
import org.gaskiosk.core.fleet.Severity;
import org.gaskiosk.hw.printer.EscPosPrinter;
import org.gaskiosk.hw.printer.PrinterFault;
import org.gaskiosk.hw.printer.PrinterStatus;

/**
 * The printer's faults into the fleet's fault lifecycle, whenever its status is asked (a receipt, a
 * self-test): {@code printer/paper-out}, {@code printer/cover-open}, ... A fault that stops
 * printing is critical for the printer, one that does not ({@code paper-near-end}) a warning. The
 * printer is not a required device, so the kiosk stays in service without receipts.
 */
final class PrinterFleetFaults {
  private PrinterFleetFaults() {}

  /** Reports the last known status now and every change from now on. */
  static void attach(EscPosPrinter printer, Faults faults) {
    printer.addStatusListener(change -> report(change.after(), faults));
    report(printer.lastStatus(), faults);
  }

  private static void report(PrinterStatus status, Faults faults) {
    faults.reconcile(
        "printer",
        status.faults().stream()
            .map(
                f ->
                    new Faults.Reported(
                        code(f),
                        f.blocksPrinting() ? Severity.CRITICAL : Severity.WARNING,
                        "Receipt printer: " + f.text()))
            .toList());
  }

  static String code(PrinterFault f) {
    return f.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
