package org.gaskiosk.sim;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.gaskiosk.core.fleet.CommandHandler;
import org.gaskiosk.core.fleet.EventRecorder;
import org.gaskiosk.core.journal.PendingEvent;
import org.slf4j.LoggerFactory;

/**
 * The {@code collect-logs} command: the last lines of the kiosk's log file, bounded, sent as {@code
 * log.chunk} events committed together just before the {@code cmd.result} (whose {@code data} says
 * the collection id and how many chunks). Chunks, because one journaled event body holds at most
 * 16000 characters; bounded, because a kiosk on a metered link must not flood the central.
 */
final class LogCollector {
  static final int DEFAULT_LINES = 200;
  static final int MAX_LINES = 2000;

  /** At most this much of the file's tail is read: about 22 chunks. */
  static final int MAX_BYTES = 256 * 1024;

  /** Characters of JSON-escaped text per chunk, well inside the journal's 16000 per body. */
  static final int CHUNK_CHARS = 12_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<Path> logFile;
  private final EventRecorder recorder;

  LogCollector(Supplier<Path> logFile, EventRecorder recorder) {
    this.logFile = logFile;
    this.recorder = recorder;
  }

  /** The file Logback's {@code FILE} appender writes (logback.xml), or null when there is none. */
  static Path logbackFile() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return null;
    }
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Appender<?> a = root.getAppender("FILE");
    return a instanceof FileAppender<?> f && f.getFile() != null ? Path.of(f.getFile()) : null;
  }

  CommandHandler handler() {
    return CommandHandler.of(false, this::collect);
  }

  CommandHandler.Outcome collect(JsonNode args) {
    JsonNode n = args == null ? JSON.nullNode() : args.path("lines");
    int lines = DEFAULT_LINES;
    if (!n.isMissingNode() && !n.isNull()) {
      if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > MAX_LINES) {
        return CommandHandler.Outcome.failed("lines must be a whole number 1-" + MAX_LINES);
      }
      lines = n.asInt();
    }
    Path file = logFile.get();
    if (file == null || !Files.isRegularFile(file)) {
      return CommandHandler.Outcome.failed("no log file to collect (" + file + ")");
    }
    Tail tail;
    try {
      tail = tail(file, lines);
    } catch (IOException e) {
      return CommandHandler.Outcome.failed("cannot read " + file + ": " + e.getMessage());
    }
    String collectionId = UUID.randomUUID().toString();
    List<String> chunks = chunks(tail.text());
    List<PendingEvent> events = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("collectionId", collectionId);
      body.put("index", i);
      body.put("count", chunks.size());
      body.put("text", chunks.get(i));
      events.add(new PendingEvent("log.chunk", body));
    }
    recorder.record(events);
    ObjectNode data = JSON.createObjectNode();
    data.put("collectionId", collectionId);
    data.put("file", file.getFileName().toString());
    data.put("lines", tail.lines());
    data.put("chars", tail.text().length());
    data.put("chunks", chunks.size());
    data.put("truncated", tail.truncated());
    return new CommandHandler.Outcome(
        true, tail.lines() + " log lines in " + chunks.size() + " log.chunk event(s)", data);
  }

  private record Tail(String text, int lines, boolean truncated) {}

  /** The last {@code lines} lines, reading at most {@link #MAX_BYTES} from the end of the file. */
  static Tail tail(Path file, int lines) throws IOException {
    byte[] bytes;
    boolean cut;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      long from = Math.max(0, len - MAX_BYTES);
      cut = from > 0;
      bytes = new byte[(int) (len - from)];
      f.seek(from);
      f.readFully(bytes);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (cut) {
      // The first line was cut in the middle (maybe in a UTF-8 sequence): drop it.
      int nl = text.indexOf('\n');
      text = nl < 0 ? "" : text.substring(nl + 1);
    }
    String[] all = text.split("\n", -1);
    int end = all.length;
    if (end > 0 && all[end - 1].isEmpty()) {
      end--;
    }
    int start = Math.max(0, end - lines);
    boolean truncated = cut || start > 0;
    return new Tail(String.join("\n", List.of(all).subList(start, end)), end - start, truncated);
  }

  /** Splits so that each chunk, JSON-escaped, stays within {@link #CHUNK_CHARS}. */
  static List<String> chunks(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int escaped = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int cost = c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : 1;
      if (escaped + cost > CHUNK_CHARS && !(Character.isLowSurrogate(c) && cur.length() > 0)) {
        out.add(cur.toString());
        cur.setLength(0);
        escaped = 0;
      }
      cur.append(c);
      escaped += cost;
    }
    if (cur.length() > 0 || out.isEmpty()) {
      out.add(cur.toString());
    }
    return out;
  }
}
