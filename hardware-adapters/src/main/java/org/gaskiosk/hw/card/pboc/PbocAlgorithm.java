package org.gaskiosk.hw.card.pboc;

import java.util.Optional;

/**
 * The block cipher of a purse card's load keys, as the card names it in byte 7 of its INITIALIZE
 * FOR LOAD answer (PBOC: {@code 00} 3DES, {@code 04} SM4). The kiosk only passes the id on; the
 * card and the central system's HSM compute with it.
 */
public enum PbocAlgorithm {
  TRIPLE_DES(0x00),
  SM4(0x04);

  private final int id;

  PbocAlgorithm(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  public static Optional<PbocAlgorithm> fromId(int id) {
    for (PbocAlgorithm a : values()) {
      if (a.id == id) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
