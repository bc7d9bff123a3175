package org.gaskiosk.hw.card.pboc;

/**
 * The load arithmetic for the card's algorithm: {@link PbocCrypto} for 3DES cards, {@link
 * Sm4Crypto} for SM4 cards. The card and the HSM both choose through here, by the algorithm id the
 * card reports, so the two can never disagree about which cipher a load uses.
 */
public final class LoadMacs {
  private LoadMacs() {}

  public static byte[] sessionLoadKey(
      PbocAlgorithm alg, byte[] dlk, byte[] random, int onlineSequence) {
    return switch (alg) {
      case TRIPLE_DES -> PbocCrypto.sessionLoadKey(dlk, random, onlineSequence);
      case SM4 -> Sm4Crypto.sessionLoadKey(dlk, random, onlineSequence);
    };
  }

  public static byte[] mac1(
      PbocAlgorithm alg, byte[] seslk, long oldBalance, long amount, int type, byte[] terminal) {
    return switch (alg) {
      case TRIPLE_DES -> PbocCrypto.mac1(seslk, oldBalance, amount, type, terminal);
      case SM4 -> Sm4Crypto.mac1(seslk, oldBalance, amount, type, terminal);
    };
  }

  public static byte[] mac2(
      PbocAlgorithm alg,
      byte[] seslk,
      long amount,
      int type,
      byte[] terminal,
      byte[] date,
      byte[] time) {
    return switch (alg) {
      case TRIPLE_DES -> PbocCrypto.mac2(seslk, amount, type, terminal, date, time);
      case SM4 -> Sm4Crypto.mac2(seslk, amount, type, terminal, date, time);
    };
  }

  public static byte[] tac(
      PbocAlgorithm alg,
      byte[] dtk,
      long newBalance,
      int sequenceBefore,
      long amount,
      int type,
      byte[] terminal,
      byte[] date,
      byte[] time) {
    return switch (alg) {
      case TRIPLE_DES ->
          PbocCrypto.tac(dtk, newBalance, sequenceBefore, amount, type, terminal, date, time);
      case SM4 ->
          Sm4Crypto.tac(dtk, newBalance, sequenceBefore, amount, type, terminal, date, time);
    };
  }
}
