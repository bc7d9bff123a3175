package org.gaskiosk.hw.card;

import java.util.Optional;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardUnit;

/** The card type byte (offset 0 of the identity file). */
public enum CardType {
  USER_MONEY_PURSE(0x01, CardUnit.FEN, "user purse card (money)"),
  USER_VOLUME_PURSE(0x02, CardUnit.CENTI_M3, "user purse card (volume)"),
  SETTING(0x11, null, "setting card"),
  RECOVERY(0x12, null, "recovery card"),
  MANAGEMENT(0x13, null, "management card"),
  ACCOUNT_OPENING(0x14, null, "account-opening card");

  private final int code;
  private final CardUnit unit;
  private final String label;

  CardType(int code, CardUnit unit, String label) {
    this.code = code;
    this.unit = unit;
    this.label = label;
  }

  public int code() {
    return code;
  }

  /** Tool cards belong to staff: they carry no balance a resident could load. */
  public boolean isTool() {
    return unit == null;
  }

  public CardFamily family() {
    return isTool() ? CardFamily.TOOL : CardFamily.PURSE;
  }

  /**
   * The balance unit of a user card; tool cards report {@link CardUnit#FEN} (their balance is 0).
   */
  public CardUnit unit() {
    return unit == null ? CardUnit.FEN : unit;
  }

  public String label() {
    return label;
  }

  public static Optional<CardType> fromCode(int code) {
    for (CardType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
