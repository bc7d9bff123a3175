package org.gaskiosk.sim.card;

import java.util.Arrays;
import org.gaskiosk.hw.card.Bcd;
import org.gaskiosk.hw.card.pboc.Hex;

/**
 * The 256-byte main memory of a simulated SLE4442 card. The first four bytes are the ISO 7816-10
 * header that the card gives as its ATR. The user layout (docs/card-profile.md) follows one city's
 * cards: 0x20 card type (DD = user card), 0x21-0x28 card number (BCD), 0x30-0x31 purchase count,
 * 0x32-0x35 gas area, 0x36-0x39 its backup copy, 0x3A new-card flag, 0x3D-0x3F meter write-back
 * remaining gas. The security memory holds the PSC and its error counter: three tries, one spent
 * per wrong PSC before the comparison (pulling the card mid-check saves no try), all restored by a
 * right PSC, none left = locked for ever.
 *
 * @param cardNo 16 digits
 * @param unit the wire name of what the gas area counts
 * @param memory 256 bytes as hex text
 * @param psc the programmable security code, 3 bytes as hex text (FFFFFF, the chip's transport
 *     code, when an image written before PSCs were simulated is read)
 * @param pscTriesLeft 3..0 (3 when absent from an older image)
 */
public record MemoryImage(
    String cardNo, String unit, String memory, String psc, Integer pscTriesLeft)
    implements SimCardImage {
  public static final int SIZE = 256;
  public static final byte[] SLE4442_HEADER = Hex.decode("A2131091");

  static final int TYPE = 0x20;
  static final int CARD_NO = 0x21;
  static final int PURCHASE_COUNT = 0x30;
  static final int GAS_AREA = 0x32;
  static final int GAS_BACKUP = 0x36;
  static final int NEW_CARD_FLAG = 0x3A;
  static final int METER_REMAINING = 0x3D;

  /** Bytes 0x00-0x1F: the ISO header and the issuer's area, write-protected on issued cards. */
  static final int PROTECTED_UP_TO = 0x20;

  public static final String DEFAULT_PSC = "FFFFFF";

  public MemoryImage {
    if (Hex.decode(memory).length != SIZE) {
      throw new IllegalArgumentException("SLE4442 memory is 256 bytes");
    }
    psc = psc == null ? DEFAULT_PSC : psc;
    if (Hex.decode(psc).length != 3) {
      throw new IllegalArgumentException("an SLE4442 PSC is 3 bytes");
    }
    pscTriesLeft = pscTriesLeft == null ? 3 : pscTriesLeft;
    if (pscTriesLeft < 0 || pscTriesLeft > 3) {
      throw new IllegalArgumentException("an SLE4442 has 0 to 3 PSC tries");
    }
  }

  public MemoryImage withPsc(String newPsc) {
    return new MemoryImage(cardNo, unit, memory, newPsc, pscTriesLeft);
  }

  /** The card with its PSC error counter at {@code tries} (a test's card someone guessed on). */
  public MemoryImage withTriesLeft(int tries) {
    return new MemoryImage(cardNo, unit, memory, psc, tries);
  }

  MemoryImage written(int address, byte[] data) {
    byte[] m = bytes();
    System.arraycopy(data, 0, m, address, data.length);
    return new MemoryImage(cardNo, unit, Hex.encode(m), psc, pscTriesLeft);
  }

  /**
   * The card after the meter took its purchase: gas area and backup back to zero (the meter keeps
   * the purchase count as its own, so the same purchase is never taken twice).
   */
  public MemoryImage takenByMeter() {
    return written(GAS_AREA, new byte[8]);
  }

  /** Whether the card refuses every PSC for ever. */
  public boolean locked() {
    return pscTriesLeft == 0;
  }

  /** A user card with the given purchase count, an empty gas area and a meter remainder. */
  public static MemoryImage issue(String cardNo, String unit, int purchaseCount, long remaining) {
    byte[] m = new byte[SIZE];
    Arrays.fill(m, (byte) 0xFF);
    System.arraycopy(SLE4442_HEADER, 0, m, 0, 4);
    m[TYPE] = (byte) 0xDD;
    System.arraycopy(Bcd.encode(cardNo), 0, m, CARD_NO, 8);
    m[PURCHASE_COUNT] = (byte) (purchaseCount >> 8);
    m[PURCHASE_COUNT + 1] = (byte) purchaseCount;
    for (int i = 0; i < 8; i++) {
      m[GAS_AREA + i] = 0; // gas area and its backup: nothing waiting for the meter
    }
    m[NEW_CARD_FLAG] = 0;
    m[METER_REMAINING] = (byte) (remaining >> 16);
    m[METER_REMAINING + 1] = (byte) (remaining >> 8);
    m[METER_REMAINING + 2] = (byte) remaining;
    return new MemoryImage(cardNo, unit, Hex.encode(m), DEFAULT_PSC, 3);
  }

  public byte[] bytes() {
    return Hex.decode(memory);
  }

  public int purchaseCount() {
    byte[] m = bytes();
    return ((m[PURCHASE_COUNT] & 0xFF) << 8) | (m[PURCHASE_COUNT + 1] & 0xFF);
  }

  /** The gas bought and not yet taken by the meter. */
  public long gasArea() {
    byte[] m = bytes();
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (m[GAS_AREA + i] & 0xFF);
    }
    return v;
  }

  @Override
  public SimCardInfo info(boolean inserted) {
    return new SimCardInfo(cardNo, "sle4442", unit, gasArea(), null, purchaseCount(), inserted);
  }
}
