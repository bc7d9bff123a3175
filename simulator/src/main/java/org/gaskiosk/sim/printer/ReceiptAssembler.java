package org.gaskiosk.sim.printer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper: collects decoded text lines and QR codes until a cut, then hands out the receipt. Text
 * is GBK (the printer is in GBK mode); a line that is not valid GBK is kept with replacement
 * characters and noted.
 */
final class ReceiptAssembler {
  private static final Charset GBK = Charset.forName("GBK");
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final List<String> lines = new ArrayList<>();
  private final List<String> qrCodes = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  void text(byte b) {
    line.write(b);
  }

  void lineFeed() {
    lines.add(decode(line.toByteArray()));
    line.reset();
  }

  /** ESC @ discards data not yet printed. */
  void initialize() {
    line.reset();
  }

  void qrCode(byte[] payload) {
    endPartialLine();
    String text = new String(payload, StandardCharsets.US_ASCII);
    for (byte b : payload) {
      if (b < 0x20 || b > 0x7E) {
        notes.add("QR payload is not printable ASCII: " + text);
        break;
      }
    }
    qrCodes.add(text);
    lines.add("[QR:" + text + "]");
  }

  void note(String what) {
    notes.add(what);
  }

  /** Whether anything has been printed since the last cut. */
  boolean isBlank() {
    return line.size() == 0 && qrCodes.isEmpty() && lines.stream().allMatch(String::isEmpty);
  }

  /** The cut: the receipt so far, and a fresh piece of paper. */
  SimReceipt cut(int number, String printedAt, boolean full) {
    endPartialLine();
    int from = 0;
    int to = lines.size();
    while (from < to && lines.get(from).isEmpty()) {
      from++;
    }
    while (to > from && lines.get(to - 1).isEmpty()) {
      to--;
    }
    SimReceipt receipt =
        new SimReceipt(
            number, printedAt, lines.subList(from, to), qrCodes, full ? "full" : "partial", notes);
    lines.clear();
    qrCodes.clear();
    notes.clear();
    return receipt;
  }

  private void endPartialLine() {
    if (line.size() > 0) {
      lineFeed();
    }
  }

  private String decode(byte[] bytes) {
    CharsetDecoder strict =
        GBK.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return strict.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      String lenient = new String(bytes, GBK);
      notes.add("not GBK: " + lenient);
      return lenient;
    }
  }
}
