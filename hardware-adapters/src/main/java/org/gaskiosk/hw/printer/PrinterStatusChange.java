package org.gaskiosk.hw.printer;

import java.util.EnumSet;
import java.util.Set;

/**
 * The printer's status moved from {@code before} to {@code after}: the faults raised and cleared
 * are what maintenance telemetry reports.
 */
public record PrinterStatusChange(PrinterStatus before, PrinterStatus after) {

  /** Faults standing now that did not before. */
  public Set<PrinterFault> raised() {
    return difference(after.faults(), before.faults());
  }

  /** Faults that stood before and are gone now. */
  public Set<PrinterFault> cleared() {
    return difference(before.faults(), after.faults());
  }

  private static Set<PrinterFault> difference(Set<PrinterFault> a, Set<PrinterFault> b) {
    EnumSet<PrinterFault> out = EnumSet.noneOf(PrinterFault.class);
    out.addAll(a);
    out.removeAll(b);
    return Set.copyOf(out);
  }
}
