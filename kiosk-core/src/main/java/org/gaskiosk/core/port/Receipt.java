package org.gaskiosk.core.port;

import java.util.List;

/**
 * A receipt as structured lines; the printer adapter turns it into ESC/POS bytes.
 *
 * @param kind "purchase", "pending" (paid but not loaded), ...
 * @param lines the text lines, in order
 * @param reference the transaction reference printed as text and QR code
 */
public record Receipt(String kind, List<String> lines, String reference) {
  public Receipt {
    lines = List.copyOf(lines);
  }
}
