package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gaskiosk.core.io.AtomicFiles;

/**
 * A small JSON document on disk, replaced atomically: written to a temporary file, forced to the
 * device, then moved over the old one, so a power cut leaves the old or the new document, never a
 * torn one.
 */
final class JsonFile {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  JsonFile(Path file) {
    this.file = file;
  }

  Path path() {
    return file;
  }

  /** The document, or empty when none was written yet. */
  Optional<JsonNode> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  void write(JsonNode doc) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      AtomicFiles.write(file, JSON.writeValueAsBytes(doc));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
