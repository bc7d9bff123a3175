package org.gaskiosk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The released controller ({@code java -jar lib/kiosk-app.jar} from the tarball) as systemd starts
 * it, on a machine where none of its devices exist: it must start degraded, say READY, feed the
 * watchdog, show the out-of-service screen, and stop cleanly on SIGTERM.
 */
class MainProcessIT {
  private static final String KIOSK = "K-PI-PROC";
  @TempDir Path dir;
  private KioskRig world; // only its broker and central system are used
  private NotifyListener systemd;
  private Process controller;

  @BeforeEach
  void start() throws Exception {
    world = new KioskRig(dir.resolve("world"));
    systemd = new NotifyListener(dir.resolve("notify.sock"));
  }

  @AfterEach
  void stop() throws Exception {
    if (controller != null && controller.isAlive()) {
      controller.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    systemd.close();
    world.close();
  }

  private Path releaseJar() throws Exception {
    Path tarball;
    try (Stream<Path> s = Files.list(Path.of("target"))) {
      tarball =
          s.filter(p -> p.getFileName().toString().matches("gaskiosk-.*\\.tar\\.gz"))
              .findFirst()
              .orElseThrow();
    }
    Path out = dir.resolve("release");
    Files.createDirectories(out);
    Process tar =
        new ProcessBuilder("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", out.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    try (Stream<Path> s = Files.list(out)) {
      return s.findFirst().orElseThrow().resolve("lib/kiosk-app.jar");
    }
  }

  private Process launch(Path config) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The unit's production flags, with this test's folders.
    cmd.addAll(
        List.of(
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")),
            "-Dsun.security.smartcardio.t0GetResponse=false",
            "-Dsun.security.smartcardio.t1GetResponse=false",
            "--add-opens",
            "java.smartcardio/sun.security.smartcardio=ALL-UNNAMED",
            "-jar",
            releaseJar().toString(),
            "--config",
            config.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("controller.out").toFile());
    pb.environment().put("NOTIFY_SOCKET", systemd.path().toString());
    pb.environment().put("WATCHDOG_USEC", "1000000");
    // A private, absent PC/SC daemon: the test must not find whatever readers the machine has.
    pb.environment().put("PCSCLITE_CSOCK_NAME", dir.resolve("no-pcscd.comm").toString());
    return pb.start();
  }

  private String output() throws Exception {
    return Files.readString(dir.resolve("controller.out"), StandardCharsets.UTF_8);
  }

  @Test
  void without_any_device_it_starts_degraded_feeds_the_watchdog_and_stops_cleanly_on_sigterm()
      throws Exception {
    Path config = dir.resolve("kiosk.properties");
    int port = KioskRig.freePort();
    Files.writeString(
        config,
        String.join(
            "\n",
            "kiosk.id=" + KIOSK,
            "data.dir=" + dir.resolve("data"),
            "logs.dir=" + dir.resolve("logs"),
            "ui.port=" + port,
            "mqtt.uri=" + world.broker.uri(),
            "fleet.central-key-file=" + world.central.commandPublicKeyFile(),
            "secrets.file=" + dir.resolve("secrets.properties"),
            "acceptor.device=" + dir.resolve("no-acceptor"),
            "printer.device=" + dir.resolve("no-printer"),
            ""));
    controller = launch(config);

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> systemd.count("READY=1") == 1 || !controller.isAlive());
    assertThat(controller.isAlive()).as(output()).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(() -> systemd.count("WATCHDOG=1") >= 2);
    HttpResponse<String> state =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/state"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(state.body())
        .contains("\"screen\":\"out-of-service\"")
        .contains("bill-acceptor")
        .contains("no serial port at " + dir.resolve("no-acceptor"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                world
                    .central
                    .presence(KIOSK)
                    .map(p -> p.path("state").asText())
                    .orElse("")
                    .equals("online"));

    controller.destroy(); // SIGTERM, as systemctl stop sends

    assertThat(controller.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(controller.exitValue()).as(output()).isEqualTo(143); // SuccessExitStatus=143
    assertThat(systemd.count("STOPPING=1")).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                world
                    .central
                    .presence(KIOSK)
                    .map(p -> p.path("state").asText())
                    .orElse("")
                    .equals("offline"));
    assertThat(dir.resolve("no-printer"))
        .as("a missing printer node is never created")
        .doesNotExist();
    assertThat(dir.resolve("logs/kiosk.log")).isRegularFile();
  }

  @Test
  void an_invalid_configuration_exits_78_naming_the_key_and_says_nothing_to_systemd()
      throws Exception {
    Path config = dir.resolve("kiosk.properties");
    Files.writeString(
        config,
        "fleet.central-key-file="
            + world.central.commandPublicKeyFile()
            + "\nacceptor.poll-ms=fast\n");
    controller = launch(config);

    assertThat(controller.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(controller.exitValue()).isEqualTo(78); // RestartPreventExitStatus=78
    assertThat(output())
        .contains("invalid configuration " + config)
        .contains("acceptor.poll-ms must be a whole number 100-1000, got \"fast\"");
    assertThat(systemd.messages()).isEmpty();
  }
}
