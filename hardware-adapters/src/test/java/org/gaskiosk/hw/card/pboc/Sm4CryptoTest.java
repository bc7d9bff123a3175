package org.gaskiosk.hw.card.pboc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class Sm4CryptoTest {
  private static final byte[] KEY = Hex.decode("0123456789ABCDEFFEDCBA9876543210");

  /** GB/T 32907-2016, appendix A, example 1: key = plaintext = 0123...3210. */
  @Test
  void encrypts_the_gb_t_32907_example_1_block() {
    assertThat(Hex.encode(Sm4Crypto.encryptBlock(KEY, KEY)))
        .isEqualTo("681EDF34D206965E86B3E94F536E4246");
  }

  /** The same standard's example 2: the block encrypted 1,000,000 times. */
  @Test
  void encrypts_the_gb_t_32907_example_2_million_rounds() {
    SM4Engine sm4 = new SM4Engine();
    sm4.init(true, new KeyParameter(KEY));
    byte[] block = KEY.clone();
    for (int i = 0; i < 1_000_000; i++) {
      sm4.processBlock(block, 0, block, 0);
    }
    assertThat(Hex.encode(block)).isEqualTo("595298C7C6FD271F0402F804C33D3F66");
  }

  @Test
  void the_mac_is_a_cbc_mac_over_padded_16_byte_blocks() {
    byte[] data = Hex.decode("00000000000010000200112233445566"); // 16 bytes: padding adds a block
    byte[] first = Sm4Crypto.encryptBlock(KEY, data);
    byte[] second = new byte[16];
    second[0] = (byte) 0x80;
    for (int i = 0; i < 16; i++) {
      second[i] ^= first[i];
    }
    byte[] expected = Sm4Crypto.encryptBlock(KEY, second);
    assertThat(Sm4Crypto.mac(KEY, data)).containsExactly(Arrays.copyOf(expected, 4));
  }

  @Test
  void a_load_verifies_end_to_end_and_any_changed_field_breaks_mac2() {
    byte[] dlk = PbocCrypto.diversify(KEY, "3100000000000008");
    byte[] random = Hex.decode("11223344");
    byte[] terminal = Hex.decode("001122334455");
    byte[] seslk = Sm4Crypto.sessionLoadKey(dlk, random, 7);
    byte[] date = Hex.decode("20260301");
    byte[] time = Hex.decode("101500");
    byte[] mac2 = Sm4Crypto.mac2(seslk, 1000, PbocCrypto.TYPE_PURSE, terminal, date, time);
    assertThat(Sm4Crypto.mac2(seslk, 1001, PbocCrypto.TYPE_PURSE, terminal, date, time))
        .isNotEqualTo(mac2);
    assertThat(Sm4Crypto.sessionLoadKey(dlk, random, 8)).isNotEqualTo(seslk);
    assertThat(
            PbocCrypto.mac2(
                PbocCrypto.sessionLoadKey(dlk, random, 7), 1000, 2, terminal, date, time))
        .as("3DES and SM4 MACs of the same load differ")
        .isNotEqualTo(mac2);
  }
}
