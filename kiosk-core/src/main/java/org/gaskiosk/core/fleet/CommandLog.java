package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every command id the kiosk accepted, kept on disk until the command's expiry, so a replayed
 * command is refused even after a reboot; a command deferred until the customer leaves is kept with
 * its signed envelope, so a reboot does not lose it. An append-only file of JSON lines, each forced
 * to the device before the command runs; rewritten without expired entries at start.
 *
 * <p>Not thread-safe: used on the fleet thread only.
 */
final class CommandLog {
  /** A remembered command. */
  record Entry(String cmdId, Instant expiresAt, boolean done, byte[] envelope) {}

  private final Path file;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** Loads the log and drops what expired before {@code now}. */
  CommandLog(Path file, Instant now) {
    this.file = file;
    if (Files.exists(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            read(line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the command log " + file, e);
      }
    }
    entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
    rewrite();
  }

  boolean seen(String cmdId) {
    return entries.containsKey(cmdId);
  }

  /** Deferred commands still to run, oldest first. */
  List<Entry> pending() {
    return entries.values().stream().filter(e -> !e.done()).toList();
  }

  /** Remembers {@code cmdId}, durably, before the command runs or waits. */
  void accepted(String cmdId, Instant expiresAt, byte[] envelope) {
    append(new Entry(cmdId, expiresAt, false, envelope));
  }

  /** The command ran (or was given up): no need to keep its envelope. */
  void done(String cmdId) {
    Entry e = entries.get(cmdId);
    if (e != null && !e.done()) {
      append(new Entry(cmdId, e.expiresAt(), true, null));
    }
  }

  private void append(Entry e) {
    entries.put(e.cmdId(), e);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (FileChannel ch =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        ByteBuffer buf = ByteBuffer.wrap((line(e) + "\n").getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot remember command " + e.cmdId() + " in " + file, ex);
    }
  }

  private void rewrite() {
    List<String> lines = new ArrayList<>();
    for (Entry e : entries.values()) {
      lines.add(line(e));
    }
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(temp, lines, StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compact the command log " + file, e);
    }
  }

  private static String line(Entry e) {
    ObjectNode n = JsonFile.JSON.createObjectNode();
    n.put("cmdId", e.cmdId());
    n.put("expiresAt", e.expiresAt().toString());
    n.put("done", e.done());
    if (e.envelope() != null) {
      n.put("envelope", Base64.getEncoder().encodeToString(e.envelope()));
    }
    return n.toString();
  }

  private void read(String line) throws IOException {
    JsonNode n;
    try {
      n = JsonFile.JSON.readTree(line);
    } catch (IOException e) {
      return; // a line torn by a power cut: its command never ran
    }
    if (n == null || !n.hasNonNull("cmdId") || !n.hasNonNull("expiresAt")) {
      return;
    }
    byte[] envelope =
        n.hasNonNull("envelope") ? Base64.getDecoder().decode(n.get("envelope").asText()) : null;
    entries.put(
        n.get("cmdId").asText(),
        new Entry(
            n.get("cmdId").asText(),
            Instant.parse(n.get("expiresAt").asText()),
            n.path("done").asBoolean(),
            envelope));
  }
}
