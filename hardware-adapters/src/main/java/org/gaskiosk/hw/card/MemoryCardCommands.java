package org.gaskiosk.hw.card;

/**
 * The ACR38-style pseudo-APDUs (CLA {@code FF}) through which a PC/SC reader drives an SLE4442
 * memory card (shared/design/card.md): the reader, not the card, interprets them.
 */
public final class MemoryCardCommands {
  public static final int INS_SELECT_CARD_TYPE = 0xA4;
  public static final int INS_READ = 0xB0;
  public static final int INS_READ_ERROR_COUNTER = 0xB1;
  public static final int INS_PRESENT_PSC = 0x20;
  public static final int INS_WRITE = 0xD0;
  public static final int INS_CHANGE_PSC = 0xD2;

  /** Card type 06 = SLE4432/4442/5532/5542 in ACS's numbering. */
  public static final int TYPE_SLE4442 = 0x06;

  public static final int MEMORY_SIZE = 256;
  public static final int PSC_LENGTH = 3;

  private MemoryCardCommands() {}

  public static byte[] selectCardType() {
    return new byte[] {(byte) 0xFF, (byte) INS_SELECT_CARD_TYPE, 0, 0, 1, TYPE_SLE4442};
  }

  public static byte[] read(int address, int length) {
    checkRange(address, length);
    return new byte[] {(byte) 0xFF, (byte) INS_READ, 0, (byte) address, (byte) length};
  }

  /** READ PRESENTATION ERROR COUNTER: 4 bytes, the counter then the PSC (zeros until verified). */
  public static byte[] readErrorCounter() {
    return new byte[] {(byte) 0xFF, (byte) INS_READ_ERROR_COUNTER, 0, 0, 4};
  }

  public static byte[] presentPsc(byte[] psc) {
    return withData(INS_PRESENT_PSC, 0, checkPsc(psc));
  }

  public static byte[] write(int address, byte[] data) {
    checkRange(address, data.length);
    return withData(INS_WRITE, address, data);
  }

  public static byte[] changePsc(byte[] psc) {
    byte[] apdu = withData(INS_CHANGE_PSC, 0, checkPsc(psc));
    apdu[3] = 0x01;
    return apdu;
  }

  /**
   * Tries left from the error counter bits (three bits, one cleared per wrong PSC): 07 -> 3, 03 ->
   * 2, 01 -> 1, 00 -> 0 (locked).
   */
  public static int triesLeft(int counterBits) {
    return Integer.bitCount(counterBits & 0x07);
  }

  private static byte[] withData(int ins, int p2, byte[] data) {
    byte[] apdu = new byte[5 + data.length];
    apdu[0] = (byte) 0xFF;
    apdu[1] = (byte) ins;
    apdu[3] = (byte) p2;
    apdu[4] = (byte) data.length;
    System.arraycopy(data, 0, apdu, 5, data.length);
    return apdu;
  }

  private static byte[] checkPsc(byte[] psc) {
    if (psc.length != PSC_LENGTH) {
      throw new IllegalArgumentException("an SLE4442 PSC is 3 bytes, got " + psc.length);
    }
    return psc;
  }

  private static void checkRange(int address, int length) {
    if (address < 0 || length < 1 || length > 255 || address + length > MEMORY_SIZE) {
      throw new IllegalArgumentException(
          "not within the 256-byte memory: address " + address + ", length " + length);
    }
  }
}
