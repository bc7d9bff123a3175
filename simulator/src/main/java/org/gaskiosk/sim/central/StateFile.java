package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaskiosk.core.io.AtomicFiles;

/**
 * The central simulator's state on disk: written whole to a temporary file, forced to the device,
 * then moved over the old one atomically, so a crash leaves either the old or the new state, never
 * a torn one. Only after {@link #commit} returns may the simulator acknowledge or answer.
 */
final class StateFile {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.INDENT_OUTPUT, true);

  private final Path file;

  StateFile(Path file) {
    this.file = file;
  }

  /**
   * A state that lives only in memory (the in-process central of simulation campaigns, where a
   * whole-document write per commit would make a long run quadratic).
   */
  static StateFile inMemory() {
    return new StateFile(null);
  }

  Path path() {
    return file;
  }

  /** The committed state, or a fresh one when nothing was committed yet. */
  CentralState load() throws IOException {
    if (file == null || !Files.exists(file)) {
      return new CentralState();
    }
    return JSON.readValue(file.toFile(), CentralState.class);
  }

  void commit(CentralState state) throws IOException {
    if (file == null) {
      return;
    }
    Files.createDirectories(file.getParent());
    AtomicFiles.write(file, JSON.writeValueAsBytes(state));
  }
}
