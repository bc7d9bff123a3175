package org.gaskiosk.core.domain;

import java.util.Objects;

/**
 * What the kiosk read from a card when it was inserted: enough to journal before any value moves.
 *
 * @param cardNo the card (application) serial number, digits only
 * @param family the card family
 * @param unit what the balance counts
 * @param balance the balance on the card, in {@code unit}
 * @param meter what the meter wrote back onto the card
 */
public record CardSnapshot(
    String cardNo, CardFamily family, CardUnit unit, long balance, MeterRecord meter) {
  public CardSnapshot {
    Objects.requireNonNull(cardNo, "cardNo");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(meter, "meter");
  }

  /**
   * The card number as residents see it on screens and receipts: all but the last four digits
   * hidden.
   */
  public String maskedCardNo() {
    return mask(cardNo);
  }

  public static String mask(String cardNo) {
    if (cardNo.length() <= 4) {
      return cardNo;
    }
    return "*".repeat(cardNo.length() - 4) + cardNo.substring(cardNo.length() - 4);
  }
}
