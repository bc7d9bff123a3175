package org.gaskiosk.hw.printer;

/** A condition the receipt printer reports (or fails to report) in answer to DLE EOT. */
public enum PrinterFault {
  /** Offline for a reason none of the other faults explains (DLE EOT 1, bit 3). */
  OFFLINE("offline", true),
  /** The paper cover is open (DLE EOT 2, bit 2). */
  COVER_OPEN("cover open", true),
  /** No paper: the roll end sensor (DLE EOT 4, bits 5-6) or printing stopped by paper end. */
  PAPER_OUT("paper out", true),
  /** The roll is nearly used up (DLE EOT 4, bits 2-3); receipts still print. */
  PAPER_NEAR_END("paper near end", false),
  /** The printer reports an error: cutter, head temperature, ... (DLE EOT 2, bit 6). */
  ERROR("printer error", true),
  /** No status byte came back in time, the link is closed, or the answer was not a status byte. */
  NO_ANSWER("no answer", true);

  private final String text;
  private final boolean blocksPrinting;

  PrinterFault(String text, boolean blocksPrinting) {
    this.text = text;
    this.blocksPrinting = blocksPrinting;
  }

  /** Whether a receipt cannot be printed while this fault stands. */
  public boolean blocksPrinting() {
    return blocksPrinting;
  }

  /** Words for logs, receipts of failure and the engineer on call. */
  public String text() {
    return text;
  }
}
