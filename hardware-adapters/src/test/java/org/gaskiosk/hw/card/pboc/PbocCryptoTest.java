package org.gaskiosk.hw.card.pboc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gaskiosk.hw.card.pboc.Hex.decode;
import static org.gaskiosk.hw.card.pboc.Hex.encode;

import org.junit.jupiter.api.Test;

/** The published test vector of shared/design/card.md ("PBOC-style purse load"), recomputed. */
class PbocCryptoTest {
  private static final byte[] DLK = decode("11223344556677888877665544332211");
  private static final byte[] RANDOM = decode("11223344");
  private static final byte[] TERMINAL = decode("001122334455");
  private static final byte[] DATE = decode("20111221");
  private static final byte[] TIME = decode("214822");

  @Test
  void session_key_matches_the_published_vector() {
    assertThat(encode(PbocCrypto.sessionLoadKey(DLK, RANDOM, 0))).isEqualTo("9B1D924E05595603");
  }

  @Test
  void passbook_mac1_and_mac2_match_the_published_vector() {
    byte[] seslk = PbocCrypto.sessionLoadKey(DLK, RANDOM, 0);
    assertThat(encode(PbocCrypto.mac1(seslk, 0, 0x1000, 0x01, TERMINAL))).isEqualTo("2988AE5A");
    assertThat(encode(PbocCrypto.mac2(seslk, 0x1000, 0x01, TERMINAL, DATE, TIME)))
        .isEqualTo("3A845BF0");
  }

  @Test
  void purse_mac1_and_mac2_match_the_published_vector() {
    byte[] seslk = PbocCrypto.sessionLoadKey(DLK, RANDOM, 0);
    assertThat(encode(PbocCrypto.mac1(seslk, 0, 0x1000, PbocCrypto.TYPE_PURSE, TERMINAL)))
        .isEqualTo("A5638AA0");
    assertThat(encode(PbocCrypto.mac2(seslk, 0x1000, PbocCrypto.TYPE_PURSE, TERMINAL, DATE, TIME)))
        .isEqualTo("FDD12AF1");
  }

  @Test
  void a_different_sequence_gives_a_different_session_key() {
    assertThat(PbocCrypto.sessionLoadKey(DLK, RANDOM, 1))
        .isNotEqualTo(PbocCrypto.sessionLoadKey(DLK, RANDOM, 0));
  }

  @Test
  void diversified_keys_differ_per_card_and_are_stable() {
    byte[] mk = decode("0123456789ABCDEFFEDCBA9876543210");
    assertThat(PbocCrypto.diversify(mk, "3100000000000001"))
        .isEqualTo(PbocCrypto.diversify(mk, "3100000000000001"))
        .isNotEqualTo(PbocCrypto.diversify(mk, "3100000000000002"))
        .hasSize(16);
  }
}
