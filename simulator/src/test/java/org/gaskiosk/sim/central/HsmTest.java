package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.hw.card.pboc.Hex;
import org.gaskiosk.hw.card.pboc.PbocAlgorithm;
import org.gaskiosk.hw.card.pboc.PbocCrypto;
import org.gaskiosk.hw.card.pboc.Sm4Crypto;
import org.junit.jupiter.api.Test;

/** The HSM role against the published purse vector of shared/design/card.md. */
class HsmTest {
  private static final byte[] DLK = Hex.decode("11223344556677888877665544332211");
  private static final byte[] TERMINAL = Hex.decode("001122334455");
  private final Hsm hsm = new Hsm(cardNo -> DLK.clone());

  private static LoadInit init(String mac1) {
    return new LoadInit(0, 0, 2, 0, Hex.decode("11223344"), Hex.decode(mac1));
  }

  @Test
  void verifies_the_published_purse_mac1_and_computes_the_published_mac2() {
    assertThat(hsm.mac1Matches("1", init("A5638AA0"), 0x1000, TERMINAL)).isTrue();
    byte[] mac2 =
        hsm.mac2(
            "1", init("A5638AA0"), 0x1000, TERMINAL, LocalDateTime.of(2011, 12, 21, 21, 48, 22));
    assertThat(Hex.encode(mac2)).isEqualTo("FDD12AF1");
  }

  @Test
  void chooses_sm4_by_the_cards_algorithm_id_and_verifies_an_sm4_mac1() {
    byte[] random = Hex.decode("11223344");
    byte[] seslk = Sm4Crypto.sessionLoadKey(DLK, random, 0);
    byte[] mac1 = Sm4Crypto.mac1(seslk, 0, 0x1000, PbocCrypto.TYPE_PURSE, TERMINAL);
    LoadInit sm4 = new LoadInit(0, 0, 1, PbocAlgorithm.SM4.id(), random, mac1);
    assertThat(hsm.mac1Matches("1", sm4, 0x1000, TERMINAL)).isTrue();
    LoadInit claims3des = new LoadInit(0, 0, 1, PbocAlgorithm.TRIPLE_DES.id(), random, mac1);
    assertThat(hsm.mac1Matches("1", claims3des, 0x1000, TERMINAL)).isFalse();

    LocalDateTime at = LocalDateTime.of(2011, 12, 21, 21, 48, 22);
    assertThat(hsm.mac2("1", sm4, 0x1000, TERMINAL, at))
        .isEqualTo(
            Sm4Crypto.mac2(
                seslk,
                0x1000,
                PbocCrypto.TYPE_PURSE,
                TERMINAL,
                Hex.decode("20111221"),
                Hex.decode("214822")));
    assertThat(Hsm.supports(0x04)).isTrue();
    assertThat(Hsm.supports(0x01)).isFalse();
  }

  @Test
  void refuses_the_passbook_mac1_for_a_purse_load() {
    assertThat(hsm.mac1Matches("1", init("2988AE5A"), 0x1000, TERMINAL)).isFalse();
  }
}
