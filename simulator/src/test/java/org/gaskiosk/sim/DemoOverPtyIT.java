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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with {@code --bill-transport pty}: the banknotes travel as ID003 frames and the payment
 * code as a CDC line through socat pseudo-terminals that the production drivers open by path with
 * jSerialComm. socat is required (scripts/test.sh installs it); without it the demo does not start.
 */
class DemoOverPtyIT {
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
                  "0",
                  "--bill-transport",
                  "pty"
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
    send(sim("/sim/card/remove"), "");
    awaitScreen("idle");
  }

  private static long balance() throws Exception {
    return demo.slot().list().stream()
        .filter(c -> c.cardNo().equals(CARD))
        .findFirst()
        .orElseThrow()
        .balance();
  }

  private static String toPayMethod(long fen) throws Exception {
    send(sim("/sim/cards/" + CARD + "/insert"), "");
    awaitScreen("account");
    send(kiosk("start-purchase"), "");
    return send(kiosk("set-amount"), "{\"amount\":" + fen + "}")
        .path("data")
        .path("txnId")
        .asText();
  }

  @Test
  void a_cash_purchase_goes_through_the_socat_pty() throws Exception {
    assertThat(Files.exists(data.resolve("pty").resolve("bill-acceptor"))).isTrue();
    long before = balance();
    String txnId = toPayMethod(5_000);
    send(kiosk("choose-payment"), "{\"method\":\"cash\"}");
    for (int value : new int[] {2000, 2000, 1000}) {
      assertThat(send(sim("/sim/banknotes"), "{\"value\":" + value + "}").path("outcome").asText())
          .isEqualTo("stacked");
    }
    assertThat(send(kiosk("finish-cash"), "").path("screen").asText()).isEqualTo("done");

    assertThat(balance()).isEqualTo(before + 5_000);
    LedgerSnapshot l =
        demo.central().awaitLedger(s -> s.loads().containsKey(txnId), Duration.ofSeconds(20));
    assertThat(l.payments().get(txnId)).hasSize(3);
  }

  @Test
  void a_payment_code_goes_through_the_scanner_pty() throws Exception {
    assertThat(Files.exists(data.resolve("pty").resolve("qr-scanner"))).isTrue();
    long before = balance();
    String txnId = toPayMethod(2_000);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> state().path("data").path("methods").toString().contains("qr-scan"));
    send(kiosk("choose-payment"), "{\"method\":\"qr-scan\"}");

    send(sim("/sim/qr/scan"), "{\"code\":\"283456789012345678\"}");

    awaitScreen("done");
    assertThat(balance()).isEqualTo(before + 2_000);
    demo.central().awaitLedger(s -> s.loads().containsKey(txnId), Duration.ofSeconds(20));
  }

  private static URI kiosk(String action) {
    return URI.create("http://127.0.0.1:" + demo.kioskPort() + "/api/actions/" + action);
  }

  private static URI sim(String path) {
    return URI.create("http://127.0.0.1:" + demo.simPort() + path);
  }

  private static void awaitScreen(String screen) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> state().path("screen").asText().equals(screen));
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

  private static JsonNode send(URI uri, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s -> %s", uri, body, r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }
}
