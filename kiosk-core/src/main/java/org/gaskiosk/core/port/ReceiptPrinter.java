package org.gaskiosk.core.port;

/** The receipt printer. */
public interface ReceiptPrinter {

  /** Prints a receipt; a failure is a value (the journal records it) and never blocks a load. */
  PrintResult print(Receipt receipt);

  /** Whether a receipt can be printed now (paper, cover, link), checked before a resident pays. */
  boolean canPrint();

  /** The outcome of one print. */
  record PrintResult(boolean printed, String detail) {
    public static PrintResult ok() {
      return new PrintResult(true, "printed");
    }

    public static PrintResult failed(String why) {
      return new PrintResult(false, why);
    }
  }
}
