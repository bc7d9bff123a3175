package org.gaskiosk.sim.card;

/**
 * A card that is not ours, for tests and chaos runs: a processor card of another issuer (a bank
 * card) that answers 6A82 to our SELECT, or a mute card that gives no answer to reset.
 *
 * @param cardNo the number the simulator knows it by
 * @param atr the answer to reset as hex text; empty for a mute card
 */
public record OtherCardImage(String cardNo, String atr) implements SimCardImage {

  /** A bank-card-like processor card (T=0) without the gas purse application. */
  public static OtherCardImage foreignApplication(String cardNo) {
    return new OtherCardImage(cardNo, "3B6800000073C84000009000");
  }

  /** A card that does not answer at all. */
  public static OtherCardImage mute(String cardNo) {
    return new OtherCardImage(cardNo, "");
  }

  @Override
  public SimCardInfo info(boolean inserted) {
    return new SimCardInfo(cardNo, "other", "fen", 0, null, null, inserted);
  }
}
