package org.gaskiosk.sim.central;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.gaskiosk.sim.broker.EmbeddedBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded broker for the whole test run (HiveMQ takes seconds to start), closed by JUnit at
 * the end. Tests stay apart by using their own kiosk ids and central client ids.
 */
final class SharedBroker implements BeforeAllCallback {
  private static volatile Running running;

  @Override
  public void beforeAll(ExtensionContext context) {
    running =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(SharedBroker.class, k -> new Running(), Running.class);
  }

  static String uri() {
    return running.broker.uri();
  }

  /** The shared HiveMQ as the contract suites see it. */
  static TestBroker broker() {
    return new HiveMqTestBroker(uri());
  }

  static final class Running implements AutoCloseable {
    private final Path folder;
    private final EmbeddedBroker broker;

    Running() {
      try {
        folder = Files.createTempDirectory("gaskiosk-shared-broker");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      broker = new EmbeddedBroker(folder, 0);
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
