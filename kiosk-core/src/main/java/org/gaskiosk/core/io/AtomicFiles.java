package org.gaskiosk.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that after a crash at any instant it holds either the old or the new content:
 * write a temporary file in the same folder, fsync it, rename it over the target with ATOMIC_MOVE,
 * fsync the folder so the rename itself is durable. The one implementation of this for the
 * journal's neighbours: fleet state, the central simulator's ledger and the simulated cards'
 * EEPROM.
 */
public final class AtomicFiles {
  public static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  public static void write(Path target, byte[] content) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(folder, target.getFileName().toString() + ".", TEMP_SUFFIX);
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncFolder(folder);
  }

  /** Removes temporary files a crash left behind; they never hold the only copy of anything. */
  public static void removeLeftovers(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.getFileName().toString().endsWith(TEMP_SUFFIX)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void syncFolder(Path folder) throws IOException {
    // Linux lets a directory be opened read-only and fsynced; that makes the rename durable.
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      if (System.getProperty("os.name", "").startsWith("Windows")) {
        return; // Windows cannot open a directory this way; its rename is durable enough here.
      }
      throw e;
    }
  }
}
