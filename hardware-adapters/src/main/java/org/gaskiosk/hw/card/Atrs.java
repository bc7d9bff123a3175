package org.gaskiosk.hw.card;

/**
 * Tells memory cards from processor cards by their answer to reset. A synchronous memory card has
 * no ISO 7816-3 ATR (which starts with TS = 3B or 3F) but the ISO 7816-10 header H1..H4, e.g.
 * {@code A2 13 10 91} for an SLE4442; some CCID readers wrap that header as {@code 3B 04 A2 13 10
 * 91}.
 */
final class Atrs {
  private static final byte[] SLE4442 = {(byte) 0xA2, 0x13, 0x10, (byte) 0x91};

  private Atrs() {}

  static boolean isSle4442(byte[] atr) {
    return startsWith(atr, 0, SLE4442)
        || (atr.length >= 6 && atr[0] == 0x3B && atr[1] == 0x04 && startsWith(atr, 2, SLE4442));
  }

  /** Any synchronous (memory) card: the first byte is not an ISO 7816-3 TS. */
  static boolean isMemoryCard(byte[] atr) {
    return isSle4442(atr) || (atr.length > 0 && atr[0] != 0x3B && atr[0] != 0x3F);
  }

  private static boolean startsWith(byte[] atr, int offset, byte[] prefix) {
    if (atr.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (atr[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
