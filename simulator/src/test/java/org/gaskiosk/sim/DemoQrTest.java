package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QR payment through the demo's two HTTP APIs, as a test engineer's script drives it: the code
 * shown to the simulated scanner, the QR drawn by the controller and paid by the simulated wallet.
 */
class DemoQrTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String CARD = "3100000000000001";
  @TempDir static Path data;
  private static Demo demo;

  @BeforeAll
  static void startDemo() throws IOException {
    demo =
        Demo.start(
            DemoOptions.parse(
                new String[] {
                  "--data",
                  data.toString(),
                  "--kiosk-port",
                  "0",
                  "--sim-port",
                  "0",
                  "--broker-port",
                  "0"
                }));
  }

  @AfterAll
  static void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  @AfterEach
  void takeTheCardOut() throws Exception {
    send("POST", sim("/sim/card/remove"), "", 200);
    awaitScreen("idle");
  }

  private static String toPayMethod(long fen) throws Exception {
    send("POST", sim("/sim/cards/" + CARD + "/insert"), "", 200);
    awaitScreen("account");
    send("POST", kiosk("start-purchase"), "", 200);
    JsonNode pay = send("POST", kiosk("set-amount"), "{\"amount\":" + fen + "}", 200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> state().path("data").path("methods").toString().contains("qr-show"));
    assertThat(state().path("data").path("methods").toString())
        .isEqualTo("[\"cash\",\"qr-scan\",\"qr-show\"]");
    return pay.path("data").path("txnId").asText();
  }

  @Test
  void a_payment_code_shown_to_the_scanner_pays_and_loads_the_card() throws Exception {
    String txnId = toPayMethod(3_000);
    JsonNode qr = send("POST", kiosk("choose-payment"), "{\"method\":\"qr-scan\"}", 200);
    assertThat(qr.path("data").path("status").asText()).isEqualTo("waiting-code");
    assertThat(send("POST", sim("/sim/qr/scan"), "{\"code\":\"hello\"}", 200)).isNotNull();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> state().path("data").path("badScans").asInt() == 1);
    assertThat(send("POST", sim("/sim/qr/scan"), "{\"code\":12}", 400).path("error").asText())
        .isEqualTo("invalid-body");

    send("POST", sim("/sim/qr/scan"), "{\"code\":\"283456789012345678\"}", 200);

    JsonNode done = awaitScreen("done");
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
    JsonNode qr = send("POST", kiosk("choose-payment"), "{\"method\":\"qr-show\"}", 200);
    assertThat(qr.path("data").path("qrPayload").asText()).startsWith("https://");
    HttpResponse<String> svg =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + demo.kioskPort() + "/api/qr.svg"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(svg.statusCode()).isEqualTo(200);
    assertThat(svg.body()).startsWith("<svg");

    JsonNode charge = send("POST", sim("/sim/qr/pay"), "", 200);
    assertThat(charge.path("txnId").asText()).isEqualTo(txnId);
    assertThat(charge.path("status").asText()).isEqualTo("paid");

    awaitScreen("done");
    demo.central().awaitLedger(s -> s.loads().containsKey(txnId), Duration.ofSeconds(15));
    assertThat(send("GET", sim("/sim/qr"), "", 200).path(txnId).path("status").asText())
        .isEqualTo("paid");
  }

  @Test
  void provider_knobs_are_checked_before_any_is_applied() throws Exception {
    assertThat(
            send("POST", sim("/sim/qr/provider"), "{\"decline\":true,\"noticeCopies\":\"x\"}", 400)
                .path("error")
                .asText())
        .isEqualTo("invalid-body");
    String txnId = toPayMethod(1_500);
    send("POST", kiosk("choose-payment"), "{\"method\":\"qr-scan\"}", 200);
    send("POST", sim("/sim/qr/scan"), "{\"code\":\"283456789012345678\"}", 200);
    awaitScreen("done"); // the refused knob request did not switch declining on
    demo.central().awaitLedger(s -> s.loads().containsKey(txnId), Duration.ofSeconds(15));
  }

  private static URI kiosk(String action) {
    return URI.create("http://127.0.0.1:" + demo.kioskPort() + "/api/actions/" + action);
  }

  private static URI sim(String path) {
    return URI.create("http://127.0.0.1:" + demo.simPort() + path);
  }

  private static JsonNode awaitScreen(String screen) throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> state().path("screen").asText().equals(screen));
    return state();
  }

  private static JsonNode state() throws IOException, InterruptedException {
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + demo.kioskPort() + "/api/state"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private static JsonNode send(String method, URI uri, String body, int expected) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("content-type", "application/json");
    b = method.equals("GET") ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s -> %s", uri, body, r.body()).isEqualTo(expected);
    return JSON.readTree(r.body());
  }
}
