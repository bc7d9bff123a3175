package org.gaskiosk.hw.printer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gaskiosk.core.fleet.Faults;
import org.gaskiosk.core.fleet.Severity;
import org.gaskiosk.core.maintenance.DeviceCheck;

/**
 * The printer's DLE EOT status as fleet faults of device {@value #DEVICE}: paper near end is a
 * warning, everything that stops printing is critical (the printer is not a required device, so the
 * kiosk keeps serving and tells residents before they pay that no receipt will come). Attach it as
 * a status listener and call {@link EscPosPrinter#status()} every few seconds.
 */
public final class PrinterFaults implements PrinterStatusListener {
  public static final String DEVICE = "printer";
  private final Faults faults;

  public PrinterFaults(Faults faults) {
    this.faults = faults;
  }

  @Override
  public void changed(PrinterStatusChange change) {
    faults.reconcile(DEVICE, reported(change.after()));
  }

  /** Every fault of {@code status}, as the fault list names them ({@code paper-out}, ...). */
  public static List<Faults.Reported> reported(PrinterStatus status) {
    List<Faults.Reported> out = new ArrayList<>();
    for (PrinterFault f : status.faults()) {
      out.add(
          new Faults.Reported(
              code(f),
              f.blocksPrinting() ? Severity.CRITICAL : Severity.WARNING,
              f.text() + " (" + status.detail() + ")"));
    }
    return out;
  }

  /** {@code PAPER_NEAR_END} is {@code paper-near-end}. */
  public static String code(PrinterFault f) {
    return f.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The printer's self-test: ask DLE EOT now; ok when it can print. */
  public static DeviceCheck check(EscPosPrinter printer) {
    return () -> {
      PrinterStatus s = printer.status();
      return new DeviceCheck.Result(s.canPrint(), s.describe(), reported(s));
    };
  }
}
