package org.gaskiosk.sim.printer;

import java.util.Arrays;

/**
 * Reads the ESC/POS byte stream a host sends a printer, in whatever chunks it arrives, and tells a
 * {@link Sink} what a printer would do: print text bytes, feed lines, print a QR symbol, cut,
 * answer a real-time status request. ESC, GS, FS and DLE sequences are consumed by their lengths
 * (Epson ESC/POS command reference, the commands thermal receipt printers share); their styling is
 * ignored. A sequence this decoder does not know is reported as a note and skipped by two bytes,
 * which is all a printer could do either.
 *
 * <p>Real-time commands (DLE EOT) are recognised only between commands, never inside another
 * command's data, like the printer's own parser.
 */
final class EscPosDecoder {
  static final int LF = 0x0A;
  static final int ESC = 0x1B;
  static final int GS = 0x1D;
  static final int FS = 0x1C;
  static final int DLE = 0x10;
  private static final int QR_SYMBOL = 49;
  private static final int QR_STORE = 80;
  private static final int QR_PRINT = 81;

  /** What a printer does with the decoded stream. */
  interface Sink {
    void text(byte b);

    void lineFeed();

    /** ESC @: settings reset and unprinted data in the buffer discarded. */
    void initialize();

    void qrCode(byte[] payload);

    void cut(boolean full);

    void statusRequest(int n);

    void note(String what);
  }

  private final Sink sink;
  private byte[] pending = new byte[0];
  private long consumed;
  private byte[] qrStored = new byte[0];

  EscPosDecoder(Sink sink) {
    this.sink = sink;
  }

  void feed(byte[] bytes, int off, int len) {
    byte[] buf = Arrays.copyOf(pending, pending.length + len);
    System.arraycopy(bytes, off, buf, pending.length, len);
    int pos = 0;
    while (pos < buf.length) {
      int used = step(buf, pos, buf.length - pos);
      if (used == 0) {
        break; // the command at pos is not complete yet
      }
      pos += used;
    }
    consumed += pos;
    pending = Arrays.copyOfRange(buf, pos, buf.length);
  }

  /** Bytes of an unfinished command still waiting for the rest. */
  int pendingBytes() {
    return pending.length;
  }

  private int step(byte[] b, int pos, int avail) {
    int c = u(b, pos);
    switch (c) {
      case LF, 0x0C -> {
        sink.lineFeed();
        return 1;
      }
      case ESC -> {
        return esc(b, pos, avail);
      }
      case GS -> {
        return gs(b, pos, avail);
      }
      case FS -> {
        return fs(b, pos, avail);
      }
      case DLE -> {
        return dle(b, pos, avail);
      }
      default -> {
        if (c >= 0x20 || c == 0x09) {
          sink.text(b[pos]);
        } // other C0 controls (CR, NUL, ...) print nothing
        return 1;
      }
    }
  }

  private int esc(byte[] b, int pos, int avail) {
    if (avail < 2) {
      return 0;
    }
    int f = u(b, pos + 1);
    switch (f) {
      case '@' -> {
        sink.initialize();
        return 2;
      }
      case 'i', 'm' -> {
        sink.cut(f == 'i');
        return 2;
      }
      case '2', '<', 'L', 'S', 0x0C -> {
        return 2;
      }
      case 'd' -> {
        if (avail < 3) {
          return 0;
        }
        for (int i = 0; i < u(b, pos + 2); i++) {
          sink.lineFeed();
        }
        return 3;
      }
      case 'J' -> {
        if (avail < 3) {
          return 0;
        }
        sink.lineFeed();
        return 3;
      }
      case '!',
          ' ',
          '%',
          '-',
          '3',
          '=',
          '?',
          'E',
          'G',
          'K',
          'M',
          'R',
          'T',
          'U',
          'V',
          'a',
          'e',
          'r',
          't',
          '{',
          'u',
          'v' -> {
        return need(3, avail);
      }
      case '$', '\\', 'B', 'c' -> {
        return need(4, avail);
      }
      case 'p' -> {
        return need(5, avail);
      }
      case 'W' -> {
        return need(10, avail);
      }
      case '*' -> {
        if (avail < 5) {
          return 0;
        }
        int m = u(b, pos + 2);
        int columns = u(b, pos + 3) + 256 * u(b, pos + 4);
        return need(5 + columns * (m <= 1 ? 1 : 3), avail);
      }
      case 'D' -> {
        return untilNul(b, pos + 2, pos, avail);
      }
      default -> {
        sink.note(String.format("unknown ESC %02X at byte %d", f, consumed + pos));
        return 2;
      }
    }
  }

  private int gs(byte[] b, int pos, int avail) {
    if (avail < 2) {
      return 0;
    }
    int f = u(b, pos + 1);
    switch (f) {
      case ':' -> {
        return 2;
      }
      case '!', 'B', 'H', 'I', 'a', 'b', 'f', 'h', 'w', 'r', 'E', '/', 'T' -> {
        return need(3, avail);
      }
      case 'L', 'W', '$', '\\', 'P' -> {
        return need(4, avail);
      }
      case 'V' -> {
        return cut(b, pos, avail);
      }
      case '(' -> {
        if (avail < 5) {
          return 0;
        }
        int len = u(b, pos + 3) + 256 * u(b, pos + 4);
        if (avail < 5 + len) {
          return 0;
        }
        if (u(b, pos + 2) == 'k') {
          symbol(b, pos + 5, len);
        }
        return 5 + len;
      }
      case 'k' -> {
        if (avail < 3) {
          return 0;
        }
        if (u(b, pos + 2) <= 6) {
          return untilNul(b, pos + 3, pos, avail);
        }
        return avail < 4 ? 0 : need(4 + u(b, pos + 3), avail);
      }
      case 'v' -> {
        if (avail < 8) {
          return 0;
        }
        int bytesWide = u(b, pos + 4) + 256 * u(b, pos + 5);
        int dotsHigh = u(b, pos + 6) + 256 * u(b, pos + 7);
        return need(8 + bytesWide * dotsHigh, avail);
      }
      case '8' -> {
        if (avail < 7) {
          return 0;
        }
        long len = u(b, pos + 3) + 256L * u(b, pos + 4) + 65536L * u(b, pos + 5);
        return need((int) (7 + len), avail);
      }
      case '*' -> {
        return avail < 4 ? 0 : need(4 + u(b, pos + 2) * u(b, pos + 3) * 8, avail);
      }
      default -> {
        sink.note(String.format("unknown GS %02X at byte %d", f, consumed + pos));
        return 2;
      }
    }
  }

  /** GS V m (function A) or GS V m n (functions B-D: feed n, then cut). */
  private int cut(byte[] b, int pos, int avail) {
    if (avail < 3) {
      return 0;
    }
    int m = u(b, pos + 2);
    switch (m) {
      case 0, 1, 48, 49 -> {
        sink.cut(m == 0 || m == 48);
        return 3;
      }
      case 65, 66, 97, 98, 103, 104 -> {
        if (avail < 4) {
          return 0;
        }
        sink.cut(m % 2 == 1);
        return 4;
      }
      default -> {
        sink.note(String.format("GS V with unknown mode %d at byte %d", m, consumed + pos));
        return 3;
      }
    }
  }

  /** GS ( k: cn 49 is QR; function 80 stores the data (after m), 81 prints the stored symbol. */
  private void symbol(byte[] b, int data, int len) {
    if (len < 2 || u(b, data) != QR_SYMBOL) {
      return;
    }
    int fn = u(b, data + 1);
    if (fn == QR_STORE && len >= 3) {
      qrStored = Arrays.copyOfRange(b, data + 3, data + len);
    } else if (fn == QR_PRINT) {
      sink.qrCode(qrStored);
    }
  }

  private int fs(byte[] b, int pos, int avail) {
    if (avail < 2) {
      return 0;
    }
    int f = u(b, pos + 1);
    switch (f) {
      case '&', '.' -> {
        return 2;
      }
      case '!', '-', 'W', 'C' -> {
        return need(3, avail);
      }
      case 'S', 'p' -> {
        return need(4, avail);
      }
      case '2' -> {
        return need(76, avail);
      }
      default -> {
        sink.note(String.format("unknown FS %02X at byte %d", f, consumed + pos));
        return 2;
      }
    }
  }

  private int dle(byte[] b, int pos, int avail) {
    if (avail < 2) {
      return 0;
    }
    switch (u(b, pos + 1)) {
      case 0x04 -> {
        if (avail < 3) {
          return 0;
        }
        sink.statusRequest(u(b, pos + 2));
        return 3;
      }
      case 0x05 -> {
        return need(3, avail);
      }
      case 0x14 -> {
        return need(5, avail);
      }
      default -> {
        return 1; // a lone DLE prints nothing
      }
    }
  }

  private static int untilNul(byte[] b, int from, int pos, int avail) {
    for (int i = from; i < pos + avail; i++) {
      if (b[i] == 0) {
        return i + 1 - pos;
      }
    }
    return 0;
  }

  private static int need(int n, int avail) {
    return avail >= n ? n : 0;
  }

  private static int u(byte[] b, int i) {
    return b[i] & 0xFF;
  }
}
