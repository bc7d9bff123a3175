package org.gaskiosk.hw.scanner;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a scanner's byte stream into lines at CR, LF or CR LF. Scanners in CDC mode send ASCII; any
 * other byte becomes {@code '?'} so that a line never carries control characters onward. A line
 * longer than {@link #MAX_LINE} is dropped whole (a stuck trigger or a wrong device, not a code).
 * Not thread-safe: one reader thread owns it.
 */
final class LineAssembler {
  static final int MAX_LINE = 512;

  private final StringBuilder line = new StringBuilder();
  private boolean overlong;
  private int dropped;

  /** Feeds {@code n} bytes; returns the complete non-empty lines they ended. */
  List<String> feed(byte[] bytes, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int b = bytes[i] & 0xFF;
      if (b == '\r' || b == '\n') {
        if (overlong) {
          dropped++;
        } else if (line.length() > 0) {
          out.add(line.toString());
        }
        line.setLength(0);
        overlong = false;
      } else if (!overlong) {
        if (line.length() == MAX_LINE) {
          overlong = true;
          line.setLength(0);
        } else {
          line.append(b >= 0x20 && b < 0x7F ? (char) b : '?');
        }
      }
    }
    return out;
  }

  /** A partial line is thrown away (the link was lost mid-line). */
  void reset() {
    line.setLength(0);
    overlong = false;
  }

  int dropped() {
    return dropped;
  }
}
