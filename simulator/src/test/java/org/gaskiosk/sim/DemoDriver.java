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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.gaskiosk.core.engine.KioskEngine;
import org.gaskiosk.core.fleet.FleetAgent;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.sim.card.SimCardInfo;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.central.CentralSimulator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A whole in-process demo for one test class, driven as a test engineer's script drives it: through
 * the kiosk's and the simulator's HTTP APIs on ephemeral ports, with its own data folder. Register
 * it as {@code @RegisterExtension static final DemoDriver demo = new DemoDriver();}: it starts the
 * demo before the class's {@code @BeforeAll} methods and closes it after its {@code @AfterAll}
 * ones, so a test class holds no start/stop scaffolding of its own.
 */
public final class DemoDriver
    implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {
  /** For {@link #send}: any 2xx answer will do. */
  public static final int ANY_SUCCESS = -1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final List<String> extraArgs;
  private Duration screenWait = Duration.ofSeconds(15);
  private boolean cardOutAfterEach;
  private Path data;
  private Demo demo;

  /** A demo with the usual test options and these extra command-line options after them. */
  public DemoDriver(String... extraArgs) {
    this.extraArgs = List.of(extraArgs);
  }

  /** How long {@link #awaitScreen} waits (15 s unless set). */
  public DemoDriver screenWait(Duration wait) {
    this.screenWait = wait;
    return this;
  }

  /**
   * After each test (and its own {@code @AfterEach} methods): the card out and the idle screen
   * back, so the next test starts at the idle screen whatever this one left.
   */
  public DemoDriver takingTheCardOutAfterEach() {
    this.cardOutAfterEach = true;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    data = Files.createTempDirectory("demo-" + context.getRequiredTestClass().getSimpleName());
    List<String> args =
        new ArrayList<>(
            List.of(
                "--data",
                data.toString(),
                "--kiosk-port",
                "0",
                "--sim-port",
                "0",
                "--broker-port",
                "0"));
    args.addAll(extraArgs);
    demo = Demo.start(DemoOptions.parse(args.toArray(String[]::new)));
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (cardOutAfterEach) {
      sim("/sim/card/remove", "");
      awaitScreen("idle");
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close();
  }

  /** Stops the demo and removes its data folder. */
  @Override
  public void close() throws IOException {
    if (demo != null) {
      demo.close();
      demo = null;
    }
    if (data != null) {
      try (Stream<Path> files = Files.walk(data)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
      data = null;
    }
  }

  // ---- the demo's parts, for what a test checks beside the HTTP APIs ---------------------------

  public Path data() {
    return data;
  }

  public CentralSimulator central() {
    return demo.central();
  }

  public SimCardSlot slot() {
    return demo.slot();
  }

  public RechargeJournal journal() {
    return demo.journal();
  }

  public KioskEngine engine() {
    return demo.engine();
  }

  public FleetAgent fleet() {
    return demo.fleet();
  }

  public int kioskPort() {
    return demo.kioskPort();
  }

  public int simPort() {
    return demo.simPort();
  }

  /** The simulated card with this number, as the slot holds it now. */
  public SimCardInfo card(String cardNo) {
    return demo.slot().list().stream()
        .filter(c -> c.cardNo().equals(cardNo))
        .findFirst()
        .orElseThrow();
  }

  // ---- the two HTTP APIs ----------------------------------------------------------------------

  public URI kioskUri(String path) {
    return URI.create("http://127.0.0.1:" + demo.kioskPort() + path);
  }

  public URI actionUri(String action) {
    return kioskUri("/api/actions/" + action);
  }

  public URI simUri(String path) {
    return URI.create("http://127.0.0.1:" + demo.simPort() + path);
  }

  /** The kiosk's state as the page sees it (whatever the status: a poll, not a check). */
  public JsonNode state() throws IOException, InterruptedException {
    return JSON.readTree(fetch(kioskUri("/api/state")).body());
  }

  /** Waits (up to {@link #screenWait}) until the kiosk shows this screen, and returns its state. */
  public JsonNode awaitScreen(String screen) throws Exception {
    await().atMost(screenWait).until(() -> state().path("screen").asText().equals(screen));
    return state();
  }

  /** A kiosk action posted as a script would; it must answer 200. */
  public JsonNode kiosk(String action, String body) throws Exception {
    return send("POST", actionUri(action), body, 200);
  }

  public JsonNode kiosk(String action, String body, int expected) throws Exception {
    return send("POST", actionUri(action), body, expected);
  }

  /** A POST to the simulator's control API; any 2xx answer will do. */
  public JsonNode sim(String path, String body) throws Exception {
    return send("POST", simUri(path), body, ANY_SUCCESS);
  }

  public JsonNode sim(String path, String body, int expected) throws Exception {
    return send("POST", simUri(path), body, expected);
  }

  /**
   * The card in, its account shown and a cash purchase of {@code amount} started: the kiosk waits
   * for banknotes.
   */
  public void startCash(String cardNo, long amount) throws Exception {
    sim("/sim/cards/" + cardNo + "/insert", "");
    awaitScreen("account");
    kiosk("start-purchase", "");
    kiosk("set-amount", "{\"amount\":" + amount + "}");
    kiosk("choose-payment", "{\"method\":\"cash\"}");
  }

  /** A GET that must answer 200. */
  public JsonNode get(URI uri) throws Exception {
    return send("GET", uri, "", 200);
  }

  /** A POST; any 2xx answer will do. */
  public JsonNode post(URI uri, String body) throws Exception {
    return send("POST", uri, body, ANY_SUCCESS);
  }

  /** The answer as it came, for what is not JSON (a page, an SVG). */
  public HttpResponse<String> fetch(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  public JsonNode send(String method, URI uri, String body, int expected) throws Exception {
    return send(method, uri, body, null, expected);
  }

  /**
   * A GET or a POST (with this JSON body) and its status checked: exactly {@code expected}, or any
   * 2xx for {@link #ANY_SUCCESS}; {@code visitToken}, when not null, goes in the maintenance
   * visit's header.
   */
  public JsonNode send(String method, URI uri, String body, String visitToken, int expected)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("content-type", "application/json");
    b = method.equals("GET") ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body));
    if (visitToken != null) {
      b.header("X-Visit-Token", visitToken);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (expected == ANY_SUCCESS) {
      assertThat(r.statusCode()).as("%s %s -> %s", uri, body, r.body()).isLessThan(300);
    } else {
      assertThat(r.statusCode()).as("%s %s -> %s", uri, body, r.body()).isEqualTo(expected);
    }
    return JSON.readTree(r.body());
  }
}
