package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * QR payment through the demo's two HTTP APIs, as a test engineer's script drives it: the code
 * shown to the simulated scanner, the QR drawn by the controller and paid by the simulated wallet.
 */
class DemoQrTest {
  private static final String CARD = "3100000000000001";

  @RegisterExtension
  static final DemoDriver demo = new DemoDriver().screenWait(Duration.ofSeconds(20));

  @AfterEach
  void takeTheCardOut() throws Exception {
    demo.sim("/sim/card/remove", "", 200);
    demo.awaitScreen("idle");
  }

  private static String toPayMethod(long fen) throws Exception {
    demo.sim("/sim/cards/" + CARD + "/insert", "", 200);
    demo.awaitScreen("account");
    demo.kiosk("start-purchase", "");
    JsonNode pay = demo.kiosk("set-amount", "{\"amount\":" + fen + "}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> demo.state().path("data").path("methods").toString().contains("qr-show"));
    assertThat(demo.state().path("data").path("methods").toString())
        .isEqualTo("[\"cash\",\"qr-scan\",\"qr-show\"]");
    return pay.path("data").path("txnId").asText();
  }

  @Test
  void a_payment_code_shown_to_the_scanner_pays_and_loads_the_card() throws Exception {
    String txnId = toPayMethod(3_000);
    JsonNode qr = demo.kiosk("choose-payment", "{\"method\":\"qr-scan\"}");
    assertThat(qr.path("data").path("status").asText()).isEqualTo("waiting-code");
    assertThat(demo.sim("/sim/qr/scan", "{\"code\":\"hello\"}", 200)).isNotNull();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> demo.state().path("data").path("badScans").asInt() == 1);
    assertThat(demo.sim("/sim/qr/scan", "{\"code\":12}", 400).path("error").asText())
        .isEqualTo("invalid-body");

    demo.sim("/sim/qr/scan", "{\"code\":\"283456789012345678\"}", 200);

    JsonNode done = demo.awaitScreen("done");
    assertThat(done.path("data").path("loaded").asLong()).isEqualTo(3_000);
    LedgerSnapshot l =
        demo.central().awaitLedger(s -> s.loads().containsKey(txnId), Duration.ofSeconds(15));
    assertThat(l.payments().get(txnId))
        .singleElement()
        .satisfies(p -> assertThat(p.value()).isEqualTo(3_000));
  }

  @Test
  void a_shown_qr_is_drawn_by_the_controller_and_paid_by_the_wallet() throws Exception {
    String txnId = toPayMethod(2_000);
    JsonNode qr = demo.kiosk("choose-payment", "{\"method\":\"qr-show\"}");
    assertThat(qr.path("data").path("qrPayload").asText()).startsWith("https://");
    HttpResponse<String> svg = demo.fetch(demo.kioskUri("/api/qr.svg"));
    assertThat(svg.statusCode()).isEqualTo(200);
    assertThat(svg.body()).startsWith("<svg");

    JsonNode charge = demo.sim("/sim/qr/pay", "", 200);
    assertThat(charge.path("txnId").asText()).isEqualTo(txnId);
    assertThat(charge.path("status").asText()).isEqualTo("paid");

    demo.awaitScreen("done");
    demo.central().awaitLedger(s -> s.loads().containsKey(txnId), Duration.ofSeconds(15));
    assertThat(demo.get(demo.simUri("/sim/qr")).path(txnId).path("status").asText())
        .isEqualTo("paid");
  }

  @Test
  void provider_knobs_are_checked_before_any_is_applied() throws Exception {
    assertThat(
            demo.sim("/sim/qr/provider", "{\"decline\":true,\"noticeCopies\":\"x\"}", 400)
                .path("error")
                .asText())
        .isEqualTo("invalid-body");
    String txnId = toPayMethod(1_500);
    demo.kiosk("choose-payment", "{\"method\":\"qr-scan\"}");
    demo.sim("/sim/qr/scan", "{\"code\":\"283456789012345678\"}", 200);
    demo.awaitScreen("done"); // the refused knob request did not switch declining on
    demo.central().awaitLedger(s -> s.loads().containsKey(txnId), Duration.ofSeconds(15));
  }
}
