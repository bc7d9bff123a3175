package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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
  private final Path temp;

  StateFile(Path file) {
    this.file = file;
    this.temp = file.resolveSibling(file.getFileName() + ".tmp");
  }

  Path path() {
    return file;
  }

  /** The committed state, or a fresh one when nothing was committed yet. */
  CentralState load() throws IOException {
    if (!Files.exists(file)) {
      return new CentralState();
    }
    return JSON.readValue(file.toFile(), CentralState.class);
  }

  void commit(CentralState state) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] bytes = JSON.writeValueAsBytes(state);
    try (FileChannel ch =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + file + " cannot replace files atomically", e);
    }
    forceDirectory(file.getParent());
  }

  /** Makes the rename itself durable (Linux: fsync on the directory). */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open directories; the rename is then as durable as they make it.
    }
  }
}
