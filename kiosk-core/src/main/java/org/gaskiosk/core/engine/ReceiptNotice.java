package org.gaskiosk.core.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gaskiosk.core.port.ReceiptPrinter;

/**
 * Whether the resident will get a receipt, asked of the printer (DLE EOT on the ESC/POS adapter)
 * when a purchase starts and again when the payment method is chosen, so the purchase screens can
 * say so BEFORE any money is taken. Engine thread only: one status question per step, not per
 * screen refresh.
 */
final class ReceiptNotice {
  static final String WARNING =
      "打印机暂时无法出具凭条，您仍可充值，交易记录以参考号为准。"
          + " No receipt can be printed now; you can still buy, and the screen shows your"
          + " reference.";

  private final ReceiptPrinter printer;
  private boolean available = true;

  ReceiptNotice(ReceiptPrinter printer) {
    this.printer = printer;
  }

  /** Asks the printer now. */
  void refresh() {
    available = printer.canPrint();
  }

  /** The fields the purchase screens carry (docs/automation-api.md). */
  Map<String, Object> view() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("receiptAvailable", available);
    if (!available) {
      m.put("receiptWarning", WARNING);
    }
    return m;
  }
}
