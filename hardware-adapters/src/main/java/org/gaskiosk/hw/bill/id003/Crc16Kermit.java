package org.gaskiosk.hw.bill.id003;

/**
 * CRC-16/KERMIT as ID003 uses it: reflected polynomial 0x8408 (x^16 + x^12 + x^5 + 1), initial
 * value 0, no final XOR, computed over SYNC..DATA and sent low byte first. Check value over the
 * ASCII digits "123456789" is 0x2189.
 */
public final class Crc16Kermit {
  private static final int POLY_REFLECTED = 0x8408;

  private Crc16Kermit() {}

  /** The CRC of {@code length} bytes of {@code bytes} from {@code offset}. */
  public static int of(byte[] bytes, int offset, int length) {
    int crc = 0;
    for (int i = offset; i < offset + length; i++) {
      crc ^= bytes[i] & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
      }
    }
    return crc & 0xFFFF;
  }
}
