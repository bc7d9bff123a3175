package org.gaskiosk.sim.central;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.gaskiosk.core.uplink.BrokerTls;
import org.gaskiosk.core.uplink.UplinkConfig;

/**
 * Debian's Mosquitto 2.0, started by the tests on free loopback ports the way a fleet runs it:
 * {@code allow_anonymous false}, a password file made with {@code mosquitto_passwd}, an ACL that
 * confines each kiosk (user name = kiosk id) to its own topic tree, and besides the plain listener
 * a TLS listener with a certificate from a {@link TestCa} made in the run.
 *
 * <p>Missing Mosquitto fails the tests, never skips them: {@code scripts/test.sh} installs it.
 */
final class MosquittoBroker implements TestBroker.Restartable {
  static final String CENTRAL_USER = "central";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final String INSTALL_HINT =
      "the Mosquitto integration tests need Debian's Mosquitto 2.x: run scripts/test.sh, or"
          + " apt-get install mosquitto mosquitto-clients";

  private final Path folder;
  private final Path mosquitto;
  private final int port = freePort();
  private final int tlsPort = freePort();
  private final TestCa ca;
  private final Map<String, String> passwords = new LinkedHashMap<>();
  private final List<String> kioskIds = new ArrayList<>();
  private final AtomicInteger nextKiosk = new AtomicInteger();
  private final boolean anonymous;
  private Process process;

  /**
   * Prepares (does not start) a broker in {@code folder} with {@code kiosks} kiosk users {@code
   * K-001}, {@code K-002}, ... and the {@code central} user.
   */
  MosquittoBroker(Path folder, int kiosks) {
    this(folder, users(kiosks));
  }

  /** Every kiosk user but the central; the same passwords as {@code users}. */
  private MosquittoBroker(Path folder, Map<String, String> users) {
    this(folder, users, false);
  }

  /**
   * A Mosquitto that lets anyone in and checks no ACL, for the demo (its kiosk and central log in
   * without credentials). The security integration tests use the other kind.
   */
  static MosquittoBroker anonymous(Path folder) {
    return new MosquittoBroker(folder, users(0), true);
  }

  private MosquittoBroker(Path folder, Map<String, String> users, boolean anonymous) {
    this.anonymous = anonymous;
    this.folder = folder;
    this.mosquitto = executable("mosquitto");
    requireVersion2(mosquitto);
    this.ca = TestCa.create(folder.resolve("tls"));
    passwords.putAll(users);
    users.keySet().stream().filter(u -> !u.equals(CENTRAL_USER)).forEach(kioskIds::add);
    try {
      Files.createDirectories(folder);
      writePasswordFile(folder.resolve("passwd"));
      Files.writeString(folder.resolve("acl"), acl());
      Files.writeString(folder.resolve("mosquitto.conf"), config());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Mosquitto in " + folder, e);
    }
  }

  /** The ACL: the heart of "one kiosk cannot publish or read as another" (docs/mqtt.md). */
  static String acl() {
    return """
        # Each kiosk logs in with its kiosk id as user name: %u confines it to its own tree.
        pattern write kiosk/v1/%u/status
        pattern write kiosk/v1/%u/tele
        pattern write kiosk/v1/%u/evt
        pattern write kiosk/v1/%u/req/#
        pattern read kiosk/v1/%u/ack
        pattern read kiosk/v1/%u/res
        pattern read kiosk/v1/%u/cmd/#
        pattern read kiosk/v1/%u/cfg
        pattern read kiosk/v1/%u/qr

        # The central system reads and writes every kiosk's topics.
        user central
        topic readwrite kiosk/v1/#
        """;
  }

  @Override
  public String name() {
    return "Mosquitto 2";
  }

  @Override
  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  /** The TLS listener; its certificate names IP 127.0.0.1 only. */
  String tlsUri() {
    return "ssl://127.0.0.1:" + tlsPort;
  }

  int tlsPort() {
    return tlsPort;
  }

  /** The CA that signed the broker's certificate. */
  Path caPem() {
    return ca.caPem;
  }

  String password(String user) {
    return passwords.get(user);
  }

  @Override
  public String newKioskId() {
    int i = nextKiosk.getAndIncrement();
    if (i >= kioskIds.size()) {
      throw new IllegalStateException(
          "all " + kioskIds.size() + " kiosk users of this Mosquitto are taken: create more");
    }
    return kioskIds.get(i);
  }

  @Override
  public UplinkConfig kiosk(String kioskId) {
    return UplinkConfig.defaults(uri(), kioskId).withCredentials(kioskId, password(kioskId));
  }

  @Override
  public RawClient rawKiosk(String kioskId, String clientId) throws MqttException {
    return new RawClient(uri(), clientId, kioskId, password(kioskId), null);
  }

  @Override
  public RawClient rawCentral(String clientId) throws MqttException {
    return new RawClient(uri(), clientId, CENTRAL_USER, password(CENTRAL_USER), null);
  }

  /** A central-role client over TLS, trusting the test CA. */
  RawClient rawCentralOverTls(String clientId) throws MqttException {
    return new RawClient(
        tlsUri(),
        clientId,
        CENTRAL_USER,
        password(CENTRAL_USER),
        BrokerTls.trustingCaFile(caPem()));
  }

  @Override
  public CentralConfig central(Path dataFolder, String clientId, LoadKeys keys) {
    return TestBroker.centralDefaults(
        uri(), dataFolder, clientId, CENTRAL_USER, password(CENTRAL_USER), keys);
  }

  /** Another Mosquitto with the same users and passwords, so any kiosk id of this one works. */
  @Override
  public Restartable restartable(Path folder) {
    return new MosquittoBroker(folder, passwords);
  }

  private static Map<String, String> users(int kiosks) {
    Map<String, String> users = new LinkedHashMap<>();
    users.put(CENTRAL_USER, secret());
    for (int i = 1; i <= kiosks; i++) {
      users.put(String.format("K-%03d", i), secret());
    }
    return users;
  }

  @Override
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    Path log = folder.resolve("mosquitto.log");
    try {
      process =
          new ProcessBuilder(
                  mosquitto.toString(), "-c", folder.resolve("mosquitto.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mosquitto, e);
    }
    Process p = process;
    await()
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !p.isAlive() || (listening(port) && listening(tlsPort)));
    if (!p.isAlive()) {
      throw new IllegalStateException(
          "Mosquitto exited with " + p.exitValue() + " at start; its log:\n" + log());
    }
  }

  /** SIGTERM, as an operator restarting the broker would. */
  @Override
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** What Mosquitto logged so far, for failure messages. */
  String log() {
    try {
      return Files.readString(folder.resolve("mosquitto.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private String config() {
    String access =
        anonymous
            ? "allow_anonymous true\n"
            : "allow_anonymous false\npassword_file %s\nacl_file %s\n"
                .formatted(folder.resolve("passwd"), folder.resolve("acl"));
    return """
        per_listener_settings false
        %s
        persistence false
        # running as root, Mosquitto would switch to user mosquitto, who cannot read the temp folder
        user %s
        # the central consumer may fall behind a whole fleet: do not discard its queue
        max_queued_messages 100000
        # Nagle off towards clients: small acks and answers must not wait for a delayed ACK
        set_tcp_nodelay true
        log_dest stderr
        log_type error
        log_type warning
        log_type notice
        log_type information
        log_timestamp_format %%Y-%%m-%%dT%%H:%%M:%%S

        listener %d 127.0.0.1
        protocol mqtt

        listener %d 127.0.0.1
        protocol mqtt
        certfile %s
        keyfile %s
        """
        .formatted(
            access,
            System.getProperty("user.name"),
            port,
            tlsPort,
            ca.brokerCertPem,
            ca.brokerKeyPem);
  }

  private void writePasswordFile(Path file) throws IOException {
    Path tool = executable("mosquitto_passwd");
    boolean first = true;
    for (Map.Entry<String, String> user : passwords.entrySet()) {
      List<String> cmd = new ArrayList<>(List.of(tool.toString()));
      cmd.add(first ? "-c" : "-b");
      if (first) {
        cmd.add("-b");
      }
      cmd.addAll(List.of(file.toString(), user.getKey(), user.getValue()));
      run(cmd);
      first = false;
    }
  }

  private static void run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd.subList(0, 2)) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
    }
  }

  /** On PATH, or in the sbin folders a non-root PATH often lacks (Debian puts mosquitto there). */
  static Path executable(String name) {
    List<String> dirs =
        new ArrayList<>(
            List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
    Optional<Path> found =
        dirs.stream()
            .filter(d -> !d.isBlank())
            .map(d -> Path.of(d, name))
            .filter(Files::isExecutable)
            .findFirst();
    return found.orElseThrow(() -> new AssertionError(name + " not found: " + INSTALL_HINT));
  }

  private static void requireVersion2(Path mosquitto) {
    String first;
    try {
      Process p = new ProcessBuilder(mosquitto.toString(), "-h").redirectErrorStream(true).start();
      try (Stream<String> lines = p.inputReader(StandardCharsets.UTF_8).lines()) {
        first = lines.findFirst().orElse("");
      }
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + mosquitto + ": " + INSTALL_HINT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (!first.startsWith("mosquitto version 2.")) {
      throw new AssertionError("need Mosquitto 2.x, found '" + first + "': " + INSTALL_HINT);
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String secret() {
    return UUID.randomUUID().toString();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
    }
  }
}
