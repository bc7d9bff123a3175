package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo with {@code --bill-transport pty}: the banknotes travel as ID003 frames and the payment
 * code as a CDC line through socat pseudo-terminals that the production drivers open by path with
 * jSerialComm. socat is required (scripts/test.sh installs it); without it the demo does not start.
 */
class DemoOverPtyIT {
  private static final String CARD = "3100000000000001";

  @RegisterExtension
  static final DemoDriver demo =
      new DemoDriver("--bill-transport", "pty")
          .takingTheCardOutAfterEach()
          .screenWait(Duration.ofSeconds(20));

  private static long balance() {
    return demo.card(CARD).balance();
  }

  private static String toPayMethod(long fen) throws Exception {
    demo.sim("/sim/cards/" + CARD + "/insert", "");
    demo.awaitScreen("account");
    demo.post(demo.actionUri("start-purchase"), "");
    return demo.post(demo.actionUri("set-amount"), "{\"amount\":" + fen + "}")
        .path("data")
        .path("txnId")
        .asText();
  }

  @Test
  void a_cash_purchase_goes_through_the_socat_pty() throws Exception {
    assertThat(Files.exists(demo.data().resolve("pty").resolve("bill-acceptor"))).isTrue();
    long before = balance();
    String txnId = toPayMethod(5_000);
    demo.post(demo.actionUri("choose-payment"), "{\"method\":\"cash\"}");
    for (int value : new int[] {2000, 2000, 1000}) {
      assertThat(demo.sim("/sim/banknotes", "{\"value\":" + value + "}").path("outcome").asText())
          .isEqualTo("stacked");
    }
    assertThat(demo.post(demo.actionUri("finish-cash"), "").path("screen").asText())
        .isEqualTo("done");

    assertThat(balance()).isEqualTo(before + 5_000);
    LedgerSnapshot l =
        demo.central().awaitLedger(s -> s.loads().containsKey(txnId), Duration.ofSeconds(20));
    assertThat(l.payments().get(txnId)).hasSize(3);
  }

  @Test
  void a_payment_code_goes_through_the_scanner_pty() throws Exception {
    assertThat(Files.exists(demo.data().resolve("pty").resolve("qr-scanner"))).isTrue();
    long before = balance();
    String txnId = toPayMethod(2_000);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> demo.state().path("data").path("methods").toString().contains("qr-scan"));
    demo.post(demo.actionUri("choose-payment"), "{\"method\":\"qr-scan\"}");

    demo.sim("/sim/qr/scan", "{\"code\":\"283456789012345678\"}");

    demo.awaitScreen("done");
    assertThat(balance()).isEqualTo(before + 2_000);
    demo.central().awaitLedger(s -> s.loads().containsKey(txnId), Duration.ofSeconds(20));
  }
}
