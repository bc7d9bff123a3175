package org.gaskiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventStreamTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private RunningServer running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void sends_the_current_state_as_soon_as_a_client_connects() throws Exception {
    running = new RunningServer();
    running.engine.publish("account", Map.of("cardNo", "6214****0042", "balance", 12345L));

    try (EventStreamReader stream = running.openEvents()) {
      assertThat(stream.response.statusCode()).isEqualTo(200);
      assertThat(stream.response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      await().atMost(Duration.ofSeconds(5)).until(() -> !stream.events().isEmpty());

      EventStreamReader.Event first = stream.events().get(0);
      assertThat(first.name()).isEqualTo("state");
      assertThat(first.id()).isEqualTo("2");
      JsonNode view = JSON.readTree(first.data());
      assertThat(view.get("version").asLong()).isEqualTo(2);
      assertThat(view.get("screen").asText()).isEqualTo("account");
      assertThat(view.get("data").get("balance").asLong()).isEqualTo(12345);
    }
  }

  @Test
  void sends_every_later_change_as_a_state_event() throws Exception {
    running = new RunningServer();
    try (EventStreamReader stream = running.openEvents()) {
      await().until(() -> stream.events().size() == 1 && running.engine.subscribers() == 1);

      running.engine.publish("reading", Map.of());
      running.engine.publish("account", Map.of("balance", 100L));

      await().atMost(Duration.ofSeconds(5)).until(() -> stream.events().size() == 3);
      List<String> screens = stream.events().stream().map(event -> screenOf(event.data())).toList();
      assertThat(screens).containsExactly("idle", "reading", "account");
    }
  }

  @Test
  void carries_chinese_text_unharmed() throws Exception {
    running = new RunningServer();
    try (EventStreamReader stream = running.openEvents()) {
      await().until(() -> running.engine.subscribers() == 1);
      running.engine.publish("refused", Map.of("reasonText", "该卡已挂失，请到营业厅办理"));

      await().atMost(Duration.ofSeconds(5)).until(() -> stream.events().size() == 2);
      JsonNode view = JSON.readTree(stream.events().get(1).data());
      assertThat(view.get("data").get("reasonText").asText()).isEqualTo("该卡已挂失，请到营业厅办理");
    }
  }

  @Test
  void sends_a_heartbeat_comment_while_nothing_changes() throws Exception {
    running = new RunningServer(settings(Duration.ofMillis(100), 64));
    try (EventStreamReader stream = running.openEvents()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> stream.comments().size() >= 2);
      assertThat(stream.comments()).allMatch("keep-alive"::equals);
      assertThat(stream.events()).hasSize(1);
    }
  }

  @Test
  void unsubscribes_from_the_engine_when_the_client_goes() throws Exception {
    running = new RunningServer(settings(Duration.ofMillis(100), 64));
    EventStreamReader stream = running.openEvents();
    await().until(() -> running.engine.subscribers() == 1);

    stream.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> running.engine.subscribers() == 0);
    assertThat(running.server.openEventStreams()).isZero();
  }

  @Test
  void ends_every_stream_and_subscription_when_the_server_stops() throws Exception {
    running = new RunningServer();
    try (EventStreamReader stream = running.openEvents()) {
      await().until(() -> running.engine.subscribers() == 1);

      running.server.stop();

      await().atMost(Duration.ofSeconds(10)).until(stream::ended);
      await().atMost(Duration.ofSeconds(5)).until(() -> running.engine.subscribers() == 0);
    }
  }

  @Test
  void answers_a_client_that_does_not_accept_event_streams_with_json_406() throws Exception {
    running = new RunningServer();
    var response = running.get("/api/events");

    assertThat(response.statusCode()).isEqualTo(406);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("not-acceptable");
    assertThat(running.engine.subscribers()).isZero();
  }

  @Test
  void refuses_streams_beyond_the_limit_with_json_503() throws Exception {
    running = new RunningServer(new KioskUiServer.Settings(Duration.ofSeconds(15), 64, 1, 4096));
    try (EventStreamReader first = running.openEvents()) {
      assertThat(first.response.statusCode()).isEqualTo(200);

      var second =
          running.send(
              HttpRequest.newBuilder(running.uri("/api/events"))
                  .header("Accept", "text/event-stream"));

      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(second.body()).get("error").asText()).isEqualTo("too-many-streams");
    }
  }

  @Test
  void a_client_that_never_reads_neither_blocks_the_notifier_nor_other_clients() throws Exception {
    running = new RunningServer(settings(Duration.ofSeconds(15), 8));
    try (Socket stalled = connectWithoutReading();
        EventStreamReader healthy = running.openEvents()) {
      await().until(() -> running.engine.subscribers() == 2);
      String bulk = "x".repeat(64 * 1024);

      // The test thread is the engine's notification thread here: every publish must return
      // promptly although one client has stopped reading and its socket buffers fill up.
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            for (int i = 0; i < 300; i++) {
              long version = running.engine.publish("writing", Map.of("bulk", bulk)).version();
              await()
                  .pollInterval(Duration.ofMillis(1))
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> lastVersion(healthy) == version);
            }
          });

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> running.engine.subscribers() == 1 && running.server.openEventStreams() == 1);
      assertThat(running.get("/api/state").statusCode()).isEqualTo(200);
    }
  }

  /** An event-stream request from a socket with a tiny receive buffer that is never read. */
  private Socket connectWithoutReading() throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(1024);
    socket.connect(new InetSocketAddress("127.0.0.1", running.server.port()), 5000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private static long lastVersion(EventStreamReader stream) throws IOException {
    List<EventStreamReader.Event> events = stream.events();
    return events.isEmpty()
        ? -1
        : JSON.readTree(events.get(events.size() - 1).data()).get("version").asLong();
  }

  private static String screenOf(String data) {
    try {
      return JSON.readTree(data).get("screen").asText();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static KioskUiServer.Settings settings(Duration heartbeat, int queueCapacity) {
    return new KioskUiServer.Settings(heartbeat, queueCapacity, 16, 4096);
  }
}
