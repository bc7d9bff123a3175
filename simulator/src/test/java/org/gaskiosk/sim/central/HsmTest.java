package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.hw.card.pboc.Hex;
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
  void refuses_the_passbook_mac1_for_a_purse_load() {
    assertThat(hsm.mac1Matches("1", init("2988AE5A"), 0x1000, TERMINAL)).isFalse();
  }
}
