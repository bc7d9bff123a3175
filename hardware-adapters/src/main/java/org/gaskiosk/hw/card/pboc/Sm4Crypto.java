package org.gaskiosk.hw.card.pboc;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The SM4 (GB/T 32907) variant of a PBOC-style purse load: the same fields and the same structure
 * as {@link PbocCrypto}, with 16-byte blocks (card.md). BouncyCastle's lightweight {@link
 * SM4Engine} does the block cipher; no JCA provider is registered, so nothing else in the JVM
 * changes.
 *
 * <p>Choices of this profile where the public descriptions leave room (the simulated card and the
 * central HSM agree on them; a real issuer's card specification overrides them): the session key is
 * SM4(DLK, random(4) | sequence(2) | 80 00 | 00 x 8); the MAC is an SM4 CBC-MAC with a zero ICV
 * over the data padded with 80 then 00 to a multiple of 16 (always padded), left 4 bytes; the TAC
 * is that MAC under the full 16-byte DTK (SM4 keys are 16 bytes, so the 3DES trick of XORing the
 * key halves does not apply). Card keys are diversified as for 3DES cards ({@link
 * PbocCrypto#diversify}), which gives 16 bytes, an SM4 key's length.
 */
public final class Sm4Crypto {
  private static final int BLOCK = 16;

  private Sm4Crypto() {}

  /** One SM4 block encryption (ECB), the primitive of the GB/T 32907 test vector. */
  public static byte[] encryptBlock(byte[] key16, byte[] block16) {
    if (key16.length != BLOCK || block16.length != BLOCK) {
      throw new IllegalArgumentException("SM4 takes a 16-byte key and 16-byte blocks");
    }
    SM4Engine sm4 = new SM4Engine();
    sm4.init(true, new KeyParameter(key16));
    byte[] out = new byte[BLOCK];
    sm4.processBlock(block16, 0, out, 0);
    return out;
  }

  /** SESLK = SM4(DLK; random(4) | online sequence(2) | 80 00 | 00 x 8). */
  public static byte[] sessionLoadKey(byte[] dlk, byte[] random, int onlineSequence) {
    byte[] input = new byte[BLOCK];
    System.arraycopy(random, 0, input, 0, 4);
    input[4] = (byte) (onlineSequence >> 8);
    input[5] = (byte) onlineSequence;
    input[6] = (byte) 0x80;
    return encryptBlock(dlk, input);
  }

  /** MAC1 = MAC(SESLK; old balance(4) | amount(4) | type(1) | terminal(6)). */
  public static byte[] mac1(byte[] seslk, long oldBalance, long amount, int type, byte[] terminal) {
    return mac(
        seslk,
        concat(
            PbocCrypto.u32(oldBalance),
            PbocCrypto.u32(amount),
            new byte[] {(byte) type},
            terminal));
  }

  /** MAC2 = MAC(SESLK; amount(4) | type(1) | terminal(6) | date(4 BCD) | time(3 BCD)). */
  public static byte[] mac2(
      byte[] seslk, long amount, int type, byte[] terminal, byte[] date, byte[] time) {
    return mac(
        seslk, concat(PbocCrypto.u32(amount), new byte[] {(byte) type}, terminal, date, time));
  }

  /**
   * TAC = MAC(DTK; new balance(4) | sequence before increment(2) | amount(4) | type(1) |
   * terminal(6) | date(4) | time(3)).
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
    byte[] seq = {(byte) (sequenceBefore >> 8), (byte) sequenceBefore};
    return mac(
        dtk,
        concat(
            PbocCrypto.u32(newBalance),
            seq,
            PbocCrypto.u32(amount),
            new byte[] {(byte) type},
            terminal,
            date,
            time));
  }

  /** SM4 CBC-MAC, zero ICV, padded 80 00.. to a multiple of 16 (always), left 4 bytes. */
  public static byte[] mac(byte[] key16, byte[] data) {
    int padded = (data.length / BLOCK + 1) * BLOCK;
    byte[] input = Arrays.copyOf(data, padded);
    input[data.length] = (byte) 0x80;
    SM4Engine sm4 = new SM4Engine();
    sm4.init(true, new KeyParameter(key16));
    byte[] chain = new byte[BLOCK];
    for (int off = 0; off < padded; off += BLOCK) {
      for (int i = 0; i < BLOCK; i++) {
        chain[i] ^= input[off + i];
      }
      sm4.processBlock(chain, 0, chain, 0);
    }
    return Arrays.copyOf(chain, 4);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
