package org.gaskiosk.hw.card.pboc;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 3DES arithmetic of a PBOC-style purse load (圈存), per {@code shared/design/card.md}. Used by
 * the simulated card (MAC1, TAC) and by the central system's HSM role (verify MAC1, compute MAC2);
 * the kiosk itself computes nothing with a key, it only carries MAC1 and MAC2 between card and
 * central system.
 */
public final class PbocCrypto {

  /** Transaction type of a purse load in MAC1/MAC2/TAC input. */
  public static final int TYPE_PURSE = 0x02;

  private PbocCrypto() {}

  /**
   * Diversifies a 16-byte card key from an issuer master key and the card number (PBOC style): the
   * left half is 3DES(MK, last 8 bytes of the card number), the right half 3DES(MK, the same bytes
   * inverted).
   */
  public static byte[] diversify(byte[] masterKey, String cardNo) {
    byte[] digits = Hex.decode(leftPadDigits(cardNo, 16));
    byte[] inverted = new byte[8];
    for (int i = 0; i < 8; i++) {
      inverted[i] = (byte) ~digits[i];
    }
    byte[] out = new byte[16];
    System.arraycopy(tripleDesEcb(masterKey, digits), 0, out, 0, 8);
    System.arraycopy(tripleDesEcb(masterKey, inverted), 0, out, 8, 8);
    return out;
  }

  /** SESLK = 3DES-ECB(DLK, random(4) | online sequence(2) | 80 00). */
  public static byte[] sessionLoadKey(byte[] dlk, byte[] random, int onlineSequence) {
    byte[] input = new byte[8];
    System.arraycopy(random, 0, input, 0, 4);
    input[4] = (byte) (onlineSequence >> 8);
    input[5] = (byte) onlineSequence;
    input[6] = (byte) 0x80;
    input[7] = 0x00;
    return tripleDesEcb(dlk, input);
  }

  /** MAC1 = MAC(SESLK; old balance(4) | amount(4) | type(1) | terminal(6)). */
  public static byte[] mac1(byte[] seslk, long oldBalance, long amount, int type, byte[] terminal) {
    return desMac(seslk, concat(u32(oldBalance), u32(amount), new byte[] {(byte) type}, terminal));
  }

  /** MAC2 = MAC(SESLK; amount(4) | type(1) | terminal(6) | date(4 BCD) | time(3 BCD)). */
  public static byte[] mac2(
      byte[] seslk, long amount, int type, byte[] terminal, byte[] date, byte[] time) {
    return desMac(seslk, concat(u32(amount), new byte[] {(byte) type}, terminal, date, time));
  }

  /**
   * TAC = DES-MAC under (DTK left XOR DTK right) over new balance(4) | sequence before increment(2)
   * | amount(4) | type(1) | terminal(6) | date(4) | time(3).
   */
  public static byte[] tac(
      byte[] dtk,
      long newBalance,
      int sequenceBefore,
      long amount,
      int type,
      byte[] terminal,
      byte[] date,
      byte[] time) {
    byte[] key = new byte[8];
    for (int i = 0; i < 8; i++) {
      key[i] = (byte) (dtk[i] ^ dtk[i + 8]);
    }
    byte[] seq = {(byte) (sequenceBefore >> 8), (byte) sequenceBefore};
    return desMac(
        key,
        concat(u32(newBalance), seq, u32(amount), new byte[] {(byte) type}, terminal, date, time));
  }

  /**
   * Single-DES CBC-MAC with a zero ICV; the data is always padded with 80 then 00 to a multiple of
   * 8; the MAC is the left 4 bytes of the last block.
   */
  public static byte[] desMac(byte[] key8, byte[] data) {
    int padded = (data.length / 8 + 1) * 8;
    byte[] block = Arrays.copyOf(data, padded);
    block[data.length] = (byte) 0x80;
    try {
      Cipher des = Cipher.getInstance("DES/CBC/NoPadding");
      des.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key8, "DES"), new IvParameterSpec(new byte[8]));
      byte[] out = des.doFinal(block);
      return Arrays.copyOfRange(out, out.length - 8, out.length - 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("DES is part of every JDK", e);
    }
  }

  /** 3DES-ECB (two-key, K1 K2 K1) of one 8-byte block. */
  public static byte[] tripleDesEcb(byte[] key16, byte[] block8) {
    byte[] key24 = new byte[24];
    System.arraycopy(key16, 0, key24, 0, 16);
    System.arraycopy(key16, 0, key24, 16, 8);
    try {
      Cipher des3 = Cipher.getInstance("DESede/ECB/NoPadding");
      des3.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key24, "DESede"));
      return des3.doFinal(block8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("DESede is part of every JDK", e);
    }
  }

  /** A 4-byte big-endian unsigned amount; amounts on a purse never exceed 2^32 - 1. */
  public static byte[] u32(long value) {
    if (value < 0 || value > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("not a 4-byte amount: " + value);
    }
    return new byte[] {
      (byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value
    };
  }

  private static String leftPadDigits(String cardNo, int length) {
    if (!cardNo.matches("[0-9]{1,16}")) {
      throw new IllegalArgumentException("card number must be 1-16 digits: " + cardNo);
    }
    return "0".repeat(length - cardNo.length()) + cardNo;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
