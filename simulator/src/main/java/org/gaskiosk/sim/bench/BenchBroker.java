package org.gaskiosk.sim.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto 2 started by the benchmark on a free loopback port: anonymous, no persistence,
 * queues deep enough that a fleet or a backlog never drops a QoS 1 message. The benchmarks measure
 * the controller, not the broker's access control, so there is no password file or ACL (the
 * integration tests cover those).
 */
final class BenchBroker implements AutoCloseable {
  private final Path folder;
  private final Path executable;
  private final int port;
  private Process process;

  BenchBroker(Path folder) {
    this.folder = folder;
    this.executable = executable("mosquitto");
    this.port = freePort();
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      Files.createDirectories(folder);
      Path conf = folder.resolve("mosquitto.conf");
      Files.writeString(conf, config());
      process =
          new ProcessBuilder(executable.toString(), "-c", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("log").toFile()))
              .start();
      Process started = process;
      Runtime.getRuntime()
          .addShutdownHook(new Thread(started::destroyForcibly, "stop-bench-mosquitto"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + executable, e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!listening(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Mosquitto did not start on port " + port + "; see " + folder.resolve("log"));
      }
      sleep(20);
    }
  }

  /**
   * Fails if the broker died under the benchmark (on a shared machine something else may kill every
   * mosquitto): the figure would otherwise wait on a link that never comes back.
   */
  synchronized void requireAlive() {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(
          "Mosquitto on port "
              + port
              + " is gone"
              + (process == null ? "" : " (exit " + process.exitValue() + ")")
              + "; was it killed by something else on this machine? see "
              + folder.resolve("log"));
    }
  }

  synchronized void stop() {
    Process p = process;
    process = null;
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private String config() {
    return """
        allow_anonymous true
        persistence false
        # running as root, Mosquitto would switch to user mosquitto, who cannot read the folder
        user %s
        # a backlog or a whole fleet must never be dropped by the broker
        max_queued_messages 0
        max_inflight_messages 0
        max_connections -1
        # Nagle off towards the clients, as the kiosks' and the central's own sockets have it
        set_tcp_nodelay true
        log_dest stderr
        log_type error
        log_type warning
        listener %d 127.0.0.1
        """
        .formatted(System.getProperty("user.name"), port);
  }

  /** On PATH or in the sbin folders a non-root PATH often lacks (Debian puts mosquitto there). */
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
    return found.orElseThrow(
        () ->
            new IllegalStateException(
                name
                    + " not found: the benchmarks need Debian's Mosquitto 2 (apt-get install"
                    + " mosquitto)"));
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
