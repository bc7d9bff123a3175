package org.gaskiosk.hw.printer;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the printer said about itself at one moment.
 *
 * @param faults the conditions standing (empty: ready, paper fine)
 * @param detail how the status was obtained, for logs: the raw bytes, or why none came
 * @param checkedAt when the printer was asked
 */
public record PrinterStatus(Set<PrinterFault> faults, String detail, Instant checkedAt) {

  /**
   * Every DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear (ESC/POS "transmit real-time
   * status"); anything else on the line is not an answer to our question.
   */
  static final int FIXED_MASK = 0x93;

  static final int FIXED_BITS = 0x12;

  public PrinterStatus {
    faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(checkedAt, "checkedAt");
  }

  /**
   * Reads the three real-time status bytes (devices.md, "ESC/POS receipt printer").
   *
   * @param printer answer to DLE EOT 1: bit 3 offline
   * @param offline answer to DLE EOT 2: bit 2 cover open, bit 5 stopped by paper end, bit 6 error
   * @param paper answer to DLE EOT 4: bits 2-3 paper near end, bits 5-6 paper end
   */
  public static PrinterStatus fromStatusBytes(int printer, int offline, int paper, Instant at) {
    for (int b : new int[] {printer, offline, paper}) {
      if (!isStatusByte(b)) {
        throw new IllegalArgumentException(
            String.format("0x%02X is not a DLE EOT status byte", b & 0xFF));
      }
    }
    EnumSet<PrinterFault> faults = EnumSet.noneOf(PrinterFault.class);
    if ((offline & 0x04) != 0) {
      faults.add(PrinterFault.COVER_OPEN);
    }
    if ((offline & 0x20) != 0 || (paper & 0x60) != 0) {
      faults.add(PrinterFault.PAPER_OUT);
    } else if ((paper & 0x0C) != 0) {
      faults.add(PrinterFault.PAPER_NEAR_END);
    }
    if ((offline & 0x40) != 0) {
      faults.add(PrinterFault.ERROR);
    }
    // The printer also goes offline with the cover open, at paper end and on error; OFFLINE is
    // raised only when none of those explains it, so a fault is raised and cleared once.
    if ((printer & 0x08) != 0
        && !faults.contains(PrinterFault.COVER_OPEN)
        && !faults.contains(PrinterFault.PAPER_OUT)
        && !faults.contains(PrinterFault.ERROR)) {
      faults.add(PrinterFault.OFFLINE);
    }
    String detail = String.format("DLE EOT 1/2/4 = %02X %02X %02X", printer, offline, paper);
    return new PrinterStatus(faults, detail, at);
  }

  /** No usable answer: {@code why} says which question went unanswered and for how long. */
  public static PrinterStatus noAnswer(String why, Instant at) {
    return new PrinterStatus(EnumSet.of(PrinterFault.NO_ANSWER), why, at);
  }

  static boolean isStatusByte(int b) {
    return (b & FIXED_MASK) == FIXED_BITS;
  }

  /** Whether a receipt can be printed: no fault that blocks printing (near end does not). */
  public boolean canPrint() {
    return faults.stream().noneMatch(PrinterFault::blocksPrinting);
  }

  public boolean has(PrinterFault fault) {
    return faults.contains(fault);
  }

  /** "ok", or the faults in words: "cover open, paper out". */
  public String describe() {
    if (faults.isEmpty()) {
      return "ok";
    }
    return EnumSet.copyOf(faults).stream()
        .map(PrinterFault::text)
        .collect(Collectors.joining(", "));
  }
}
