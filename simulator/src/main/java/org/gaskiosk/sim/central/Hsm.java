package org.gaskiosk.sim.central;

import java.security.MessageDigest;
import java.time.LocalDateTime;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.hw.card.pboc.Hex;
import org.gaskiosk.hw.card.pboc.LoadMacs;
import org.gaskiosk.hw.card.pboc.PbocAlgorithm;
import org.gaskiosk.hw.card.pboc.PbocCrypto;

/**
 * The central system's HSM role in a purse load (card.md, "PBOC-style purse load"): verify the
 * card's MAC1 under the session key derived from the card's load key, then compute MAC2 over the
 * host time. Keys never leave this class.
 */
final class Hsm {
  private final LoadKeys keys;

  Hsm(LoadKeys keys) {
    this.keys = keys;
  }

  /** MAC1 = MAC(SESLK; old balance | amount | type 02 | terminal), compared in constant time. */
  boolean mac1Matches(String cardNo, LoadInit init, long amount, byte[] terminal) {
    byte[] seslk = sessionKey(cardNo, init);
    byte[] expected =
        LoadMacs.mac1(
            algorithm(init), seslk, init.oldBalance(), amount, PbocCrypto.TYPE_PURSE, terminal);
    return MessageDigest.isEqual(expected, init.mac1());
  }

  /** MAC2 = MAC(SESLK; amount | type 02 | terminal | date BCD YYYYMMDD | time BCD hhmmss). */
  byte[] mac2(String cardNo, LoadInit init, long amount, byte[] terminal, LocalDateTime hostTime) {
    byte[] date =
        Hex.decode(
            String.format(
                "%04d%02d%02d",
                hostTime.getYear(), hostTime.getMonthValue(), hostTime.getDayOfMonth()));
    byte[] time =
        Hex.decode(
            String.format(
                "%02d%02d%02d", hostTime.getHour(), hostTime.getMinute(), hostTime.getSecond()));
    return LoadMacs.mac2(
        algorithm(init),
        sessionKey(cardNo, init),
        amount,
        PbocCrypto.TYPE_PURSE,
        terminal,
        date,
        time);
  }

  private byte[] sessionKey(String cardNo, LoadInit init) {
    return LoadMacs.sessionLoadKey(
        algorithm(init), keys.loadKeyFor(cardNo), init.random(), init.sequence());
  }

  /** Whether this HSM holds the cipher the card named (3DES or SM4). */
  static boolean supports(int algorithmId) {
    return PbocAlgorithm.fromId(algorithmId).isPresent();
  }

  private static PbocAlgorithm algorithm(LoadInit init) {
    return PbocAlgorithm.fromId(init.algorithmId())
        .orElseThrow(() -> new IllegalArgumentException("algorithm " + init.algorithmId()));
  }
}
