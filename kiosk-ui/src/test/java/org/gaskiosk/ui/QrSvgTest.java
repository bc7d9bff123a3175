package org.gaskiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.nayuki.qrcodegen.QrCode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QrSvgTest {
  private static final String PAYLOAD = "https://pay.gaskiosk.example/qr/9f2c41d0";
  private final RunningServer running = new RunningServer();

  @AfterEach
  void stop() {
    running.close();
  }

  private static int darkModules(QrCode qr) {
    int n = 0;
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        n += qr.getModule(x, y) ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void draws_the_payload_of_the_qr_screen_as_svg_with_every_dark_module_once() throws Exception {
    running.engine.publish("qr", Map.of("status", "shown", "qrPayload", PAYLOAD));

    var response = running.get("/api/qr.svg");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("image/svg+xml");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    QrCode expected = QrCode.encodeText(PAYLOAD, QrCode.Ecc.MEDIUM);
    int side = expected.size + 8;
    assertThat(response.body())
        .startsWith("<svg")
        .contains("viewBox=\"0 0 " + side + " " + side + "\"");
    assertThat(response.body().split("h1v1h-1z", -1)).hasSize(darkModules(expected) + 1);
    // The top-left finder pattern starts at the quiet zone's edge.
    assertThat(response.body()).contains("M4,4h1v1h-1z");
  }

  @Test
  void draws_nothing_when_no_payment_qr_is_on_screen() throws Exception {
    running.engine.publish("qr", Map.of("status", "waiting-code"));
    assertThat(running.get("/api/qr.svg").statusCode()).isEqualTo(404);

    running.engine.publish("account", Map.of("qrPayload", PAYLOAD));
    var response = running.get("/api/qr.svg");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("no-qr");
  }
}
