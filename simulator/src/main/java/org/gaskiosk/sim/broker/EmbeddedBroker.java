package org.gaskiosk.sim.broker;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ Community Edition embedded, listening on 127.0.0.1 only, with in-memory persistence: the
 * demo's and the tests' MQTT 5 broker. Can be stopped and started again on the same port (a broker
 * restart); each start uses a fresh HiveMQ instance and data folder, because a stopped HiveMQ
 * instance cannot start again (its metrics are already registered).
 *
 * <p>HiveMQ starts in about 1-3 s the first time in a JVM and 0.3 s after; it stops in about 2 s.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

  static {
    // In-memory persistence has nothing to flush; the default 2 s grace only slows every stop.
    InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(0);
  }

  private final Path folder;
  private final int port;
  private EmbeddedHiveMQ hivemq;
  private int runs;

  /**
   * @param dataFolder the broker's files go to {@code dataFolder/broker}
   * @param port the TCP port on 127.0.0.1; 0 picks a free one now and keeps it across restarts
   */
  public EmbeddedBroker(Path dataFolder, int port) {
    this.folder = dataFolder.resolve("broker");
    this.port = port == 0 ? freePort() : port;
  }

  public int port() {
    return port;
  }

  /** {@code tcp://127.0.0.1:port}. */
  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  public synchronized boolean isRunning() {
    return hivemq != null;
  }

  /** Starts the broker; does nothing when it runs. */
  public synchronized void start() {
    if (hivemq != null) {
      return;
    }
    try {
      Path conf = Files.createDirectories(folder.resolve("conf"));
      Files.writeString(conf.resolve("config.xml"), config());
      Path extensions = Files.createDirectories(folder.resolve("extensions"));
      deleteOldRuns();
      Path data = Files.createDirectories(folder.resolve("run-" + (++runs)));
      EmbeddedHiveMQ h =
          EmbeddedHiveMQ.builder()
              .withConfigurationFolder(conf)
              .withDataFolder(data)
              .withExtensionsFolder(extensions)
              .withoutLoggingBootstrap() // the application's logging configuration stays in charge
              .build();
      try {
        h.start().join();
      } catch (CompletionException e) {
        closeQuietly(h);
        throw new IllegalStateException(
            "embedded MQTT broker could not start on 127.0.0.1:" + port, e.getCause());
      }
      hivemq = h;
      log.info("embedded MQTT broker listening on {}", uri());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the broker folder " + folder, e);
    }
  }

  /** Stops the broker: every client loses its connection (wills are published first). */
  public synchronized void stop() {
    EmbeddedHiveMQ h = hivemq;
    hivemq = null;
    if (h != null) {
      closeQuietly(h);
      log.info("embedded MQTT broker on port {} stopped", port);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private String config() {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages>
              <!-- the central consumer may fall behind a whole fleet: do not discard its queue -->
              <max-queue-size>100000</max-queue-size>
            </queued-messages>
          </mqtt>
          <persistence>
            <mode>in-memory</mode>
          </persistence>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(port);
  }

  private void deleteOldRuns() throws IOException {
    try (Stream<Path> runs = Files.list(folder)) {
      for (Path run : runs.filter(p -> p.getFileName().toString().startsWith("run-")).toList()) {
        try (Stream<Path> tree = Files.walk(run)) {
          for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  private static void closeQuietly(EmbeddedHiveMQ h) {
    try {
      h.close();
    } catch (Exception e) {
      log.warn("embedded MQTT broker did not stop cleanly", e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
    }
  }
}
