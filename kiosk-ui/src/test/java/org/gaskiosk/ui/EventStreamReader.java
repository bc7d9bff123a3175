package org.gaskiosk.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Reads a server-sent event stream line by line on a thread of its own and keeps what arrived, so
 * tests can wait on conditions over it.
 */
final class EventStreamReader implements AutoCloseable {

  record Event(String name, String data, String id) {}

  final HttpResponse<InputStream> response;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<String> comments = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean ended;

  private EventStreamReader(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "test-sse-reader");
    this.reader.setDaemon(true);
    this.reader.start();
  }

  static EventStreamReader open(HttpClient http, URI uri) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    return new EventStreamReader(http.send(request, HttpResponse.BodyHandlers.ofInputStream()));
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String name = null;
      String id = null;
      StringBuilder data = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(name == null ? "message" : name, data.toString(), id));
          }
          name = null;
          id = null;
          data = null;
        } else if (line.startsWith(":")) {
          comments.add(line.substring(1).trim());
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
          String chunk = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
          data = data == null ? new StringBuilder(chunk) : data.append('\n').append(chunk);
        }
      }
    } catch (IOException e) {
      // The stream was closed by either side.
    } finally {
      ended = true;
    }
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  List<String> comments() {
    return List.copyOf(comments);
  }

  /** True once the server ended the stream (or it was closed here). */
  boolean ended() {
    return ended;
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
