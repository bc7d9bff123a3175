package org.gaskiosk.ui;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A {@link KioskUiServer} on a free loopback port over a {@link FakeKioskApi}, and a client. */
final class RunningServer implements AutoCloseable {

  final FakeKioskApi engine = new FakeKioskApi();
  final KioskUiServer server;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  RunningServer() {
    this(KioskUiServer.Settings.defaults());
  }

  RunningServer(KioskUiServer.Settings settings) {
    server = new KioskUiServer(engine, "127.0.0.1", 0, settings);
    server.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
    return post(path, "application/json", HttpRequest.BodyPublishers.ofString(json));
  }

  HttpResponse<String> post(String path, String contentType, HttpRequest.BodyPublisher body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  EventStreamReader openEvents() throws IOException, InterruptedException {
    return EventStreamReader.open(http, uri("/api/events"));
  }

  @Override
  public void close() {
    server.stop();
  }
}
