package org.gaskiosk.sim.printer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One receipt as the simulated printer printed it: the text decoded from the bytes, the QR codes
 * (each also shown in the text as {@code [QR:payload]} where it was printed), the cut that ended
 * it.
 *
 * @param number 1, 2, 3, ... in printing order, kept across restarts
 * @param printedAt when it was cut (ISO-8601)
 * @param lines the printed lines, without leading and trailing empty lines
 * @param qrCodes the QR payloads in printing order
 * @param cut "full" or "partial"
 * @param notes what the decoder could not make sense of (unknown commands, bytes that are not GBK);
 *     empty for a well-formed receipt
 */
@JsonIgnoreProperties(value = "text", allowGetters = true)
public record SimReceipt(
    int number,
    String printedAt,
    List<String> lines,
    List<String> qrCodes,
    String cut,
    List<String> notes) {

  public SimReceipt {
    lines = List.copyOf(lines);
    qrCodes = List.copyOf(qrCodes);
    notes = List.copyOf(notes);
  }

  /** The lines joined with newlines, as a person reads the slip. */
  @JsonProperty("text")
  public String text() {
    return String.join("\n", lines);
  }
}
