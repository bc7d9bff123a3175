package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaskiosk.core.uplink.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check with the shipped artefact: {@code java -jar simulator/target/kiosk-demo.jar
 * --mqtt tcp://127.0.0.1:PORT} as a child process against a Mosquitto the test starts (anonymous:
 * the demo's kiosk and central log in without credentials; the security suite checks passwords and
 * ACLs). The jar is built in the package phase, before failsafe runs this. A watcher sees presence
 * and telemetry as the central side would; the demo is then killed with SIGKILL.
 */
class DemoJarOverMosquittoIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String KIOSK = "K0001";
  private static final Duration TELEMETRY = Duration.ofSeconds(2);
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern SIM_PORT =
      Pattern.compile("simulator API\\s+http://127\\.0\\.0\\.1:(\\d+)/");

  private final Topics topics = new Topics(KIOSK);
  private final AutoCloseables closeables = new AutoCloseables();
  private Process demo;
  private MosquittoBroker broker;

  @TempDir Path dir;

  @AfterEach
  void stopEverything() throws Exception {
    if (demo != null && demo.isAlive()) {
      demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    closeables.closeAll();
    if (broker != null) {
      broker.stop();
    }
  }

  private static Path jar() {
    Path jar = Path.of(System.getProperty("basedir", "."), "target", "kiosk-demo.jar");
    assertThat(jar).as("the shaded demo jar (built in the package phase)").isRegularFile();
    return jar;
  }

  private Process startDemo(Path stdout) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-jar",
            jar().toString(),
            "--mqtt",
            broker.uri(),
            "--data",
            dir.resolve("demo").toString(),
            "--kiosk-port",
            "0",
            "--sim-port",
            "0",
            "--telemetry-interval",
            String.valueOf(TELEMETRY.toSeconds()))
        .redirectErrorStream(true)
        .redirectOutput(stdout.toFile())
        .start();
  }

  /** The simulator API's port, from the lines the demo prints when it runs. */
  private int simPort(Path stdout) {
    int[] port = new int[1];
    await()
        .atMost(START)
        .pollInterval(Duration.ofMillis(200))
        .failFast("the demo exited", () -> !demo.isAlive())
        .until(
            () -> {
              Matcher m = SIM_PORT.matcher(Files.readString(stdout, StandardCharsets.UTF_8));
              if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
              }
              return false;
            });
    return port[0];
  }

  @Test
  void the_demo_jar_is_online_sends_telemetry_answers_commands_and_is_lost_after_sigkill()
      throws Exception {
    broker = MosquittoBroker.anonymous(dir.resolve("mosquitto"));
    broker.start();
    RawClient watcher = closeables.add(new RawClient(broker.uri(), "watcher"));
    watcher.subscribe(topics.status()).subscribe(topics.telemetry());
    Path stdout = dir.resolve("demo.out");
    long started = System.nanoTime();
    demo = startDemo(stdout);

    RawClient.Received online = watcher.next(topics.status(), START);
    System.out.printf(
        "demo jar: retained presence online %d ms after the process started%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    assertThat(online.json().path("state").asText()).isEqualTo("online");
    assertThat(online.json().path("bootId").asText()).isNotBlank();
    int simPort = simPort(stdout);
    RawClient late = closeables.add(new RawClient(broker.uri(), "late-watcher"));
    RawClient.Received retained = late.subscribe(topics.status()).next(topics.status(), WAIT);
    assertThat(retained.retained()).isTrue();
    assertThat(retained.json().path("state").asText()).isEqualTo("online");

    // Telemetry within the configured interval: two in a row, each waited for at most 3 intervals.
    JsonNode first = watcher.next(topics.telemetry(), TELEMETRY.multipliedBy(3)).json();
    JsonNode second = watcher.next(topics.telemetry(), TELEMETRY.multipliedBy(3)).json();
    assertThat(first.path("schema").asText()).isEqualTo("tele/1");
    assertThat(second.path("uptimeS").asLong())
        .isGreaterThanOrEqualTo(first.path("uptimeS").asLong());
    assertThat(second.path("devices").has("card-reader")).isTrue();

    JsonNode selfTest = command(simPort, "self-test");
    assertThat(selfTest.path("status").asText()).as(selfTest.toString()).isEqualTo("done");
    JsonNode logs = command(simPort, "collect-logs");
    assertThat(logs.path("status").asText()).as(logs.toString()).isEqualTo("done");
    JsonNode collected = get(simPort, "/sim/central/fleet/" + KIOSK + "/logs");
    assertThat(collected.path("collectionId").asText())
        .isEqualTo(logs.at("/data/collectionId").asText());
    assertThat(collected.path("text").asText()).contains("INFO");

    long killed = System.nanoTime();
    demo.destroyForcibly(); // SIGKILL: no DISCONNECT, so the broker sends the will after its delay
    assertThat(demo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    RawClient.Received lost = watcher.next(topics.status(), Duration.ofSeconds(90));
    while (!lost.json().path("state").asText().equals("lost")) {
      lost = watcher.next(topics.status(), Duration.ofSeconds(90));
    }
    System.out.printf(
        "demo jar: presence lost %d ms after SIGKILL (will delay 30 s)%n",
        Duration.ofNanos(System.nanoTime() - killed).toMillis());
    assertThat(lost.json().path("bootId").asText())
        .isEqualTo(online.json().path("bootId").asText());
    RawClient after = closeables.add(new RawClient(broker.uri(), "after-watcher"));
    RawClient.Received kept = after.subscribe(topics.status()).next(topics.status(), WAIT);
    assertThat(kept.retained()).isTrue();
    assertThat(kept.json().path("state").asText()).isEqualTo("lost");
  }

  /** Sends a command through the demo's control API and waits for its final result. */
  private JsonNode command(int simPort, String name) throws Exception {
    String cmdId =
        post(
                simPort,
                "/sim/central/commands",
                "{\"kioskId\":\"" + KIOSK + "\",\"name\":\"" + name + "\"}")
            .path("cmdId")
            .asText();
    JsonNode[] result = new JsonNode[1];
    await()
        .atMost(WAIT)
        .until(
            () -> {
              for (JsonNode k : get(simPort, "/sim/central/fleet").path("kiosks")) {
                for (JsonNode r : k.path("lastCommandResults")) {
                  if (r.path("cmdId").asText().equals(cmdId)
                      && !r.path("status").asText().equals("deferred")) {
                    result[0] = r;
                    return true;
                  }
                }
              }
              return false;
            });
    return result[0];
  }

  private static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode post(int port, String path, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JSON.readTree(r.body());
  }
}
