package org.gaskiosk.hw.bill.id003;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One ID003 block: {@code SYNC(0xFC) | LNG | CMD | DATA | CRC-lo | CRC-hi}, where LNG counts the
 * whole block (so 5 bytes for a block without data) and the CRC is {@link Crc16Kermit} over SYNC to
 * the last data byte. The same shape carries host commands and acceptor statuses.
 *
 * @param code the command (host to acceptor) or status (acceptor to host) byte, 0..255
 * @param data the data bytes, possibly empty
 */
public record Id003Frame(int code, byte[] data) {
  public static final int SYNC = 0xFC;

  /** SYNC, LNG, CMD and the two CRC bytes. */
  public static final int OVERHEAD = 5;

  /** LNG is one byte. */
  public static final int MAX_LENGTH = 0xFF;

  public Id003Frame {
    if (code < 0 || code > 0xFF) {
      throw new IllegalArgumentException("an ID003 code is one byte, got " + code);
    }
    data = data.clone();
    if (data.length + OVERHEAD > MAX_LENGTH) {
      throw new IllegalArgumentException("an ID003 block holds at most 250 data bytes");
    }
  }

  public static Id003Frame of(int code, int... data) {
    byte[] bytes = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      bytes[i] = (byte) data[i];
    }
    return new Id003Frame(code, bytes);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The first data byte, or -1 when there is none. */
  public int firstData() {
    return data.length == 0 ? -1 : data[0] & 0xFF;
  }

  /** The block as it goes on the line. */
  public byte[] encode() {
    int length = data.length + OVERHEAD;
    byte[] out = new byte[length];
    out[0] = (byte) SYNC;
    out[1] = (byte) length;
    out[2] = (byte) code;
    System.arraycopy(data, 0, out, 3, data.length);
    int crc = Crc16Kermit.of(out, 0, length - 2);
    out[length - 2] = (byte) crc;
    out[length - 1] = (byte) (crc >>> 8);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Id003Frame f && f.code == code && Arrays.equals(f.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * code + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    String hex = String.format("%02X", code);
    return data.length == 0
        ? hex
        : hex + " " + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(data);
  }
}
