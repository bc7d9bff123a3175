package org.gaskiosk.sim.central;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Mosquitto for the whole integration-test run, stopped by JUnit at the end. Tests stay apart
 * by taking their own kiosk users ({@link MosquittoBroker#newKioskId()}) and central client ids.
 */
final class SharedMosquitto implements BeforeAllCallback {
  /** Kiosk users in the password file: one per test that needs a kiosk, and some spare. */
  private static final int KIOSKS = 80;

  private static volatile Running running;

  @Override
  public void beforeAll(ExtensionContext context) {
    running =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(SharedMosquitto.class, k -> new Running(), Running.class);
  }

  static MosquittoBroker broker() {
    return running.broker;
  }

  static final class Running implements AutoCloseable {
    private final Path folder;
    private final MosquittoBroker broker;

    Running() {
      try {
        folder = Files.createTempDirectory("gaskiosk-mosquitto");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      broker = new MosquittoBroker(folder, KIOSKS);
      broker.start();
    }

    @Override
    public void close() throws IOException {
      broker.stop();
      try (Stream<Path> tree = Files.walk(folder)) {
        for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
