package org.gaskiosk.hw.card.pboc;

import java.util.HexFormat;

/** Hex text to bytes and back, upper case, no separators (the way APDUs are written in specs). */
public final class Hex {
  private static final HexFormat FORMAT = HexFormat.of().withUpperCase();

  private Hex() {}

  public static byte[] decode(String hex) {
    return FORMAT.parseHex(hex.replace(" ", ""));
  }

  public static String encode(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }
}
