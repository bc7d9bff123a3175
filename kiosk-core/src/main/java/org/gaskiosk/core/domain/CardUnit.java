package org.gaskiosk.core.domain;

/**
 * What a card's balance counts: money (the meter applies prices) or volume (the kiosk applies the
 * tariff).
 */
public enum CardUnit {
  FEN("fen"),
  CENTI_M3("centi-m3");

  private final String wireName;

  CardUnit(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static CardUnit fromWire(String name) {
    for (CardUnit u : values()) {
      if (u.wireName.equals(name)) {
        return u;
      }
    }
    throw new IllegalArgumentException("unknown card unit: " + name);
  }
}
