package org.gaskiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How event streams end, and what an end leaves in the log: one quiet line, never a stack trace,
 * never an exception handler run for a request Jetty has already finished (which used to send
 * Javalin into an endless loop of failing exception handlers, flooding the log).
 */
class EventStreamEndingTest {

  private RunningServer running;
  private LogCapture logs;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    if (logs != null) {
      logs.close();
    }
  }

  @Test
  void a_writer_that_ends_after_jetty_finished_its_request_ends_quietly() throws Exception {
    running = new RunningServer();
    try (EventStreamReader stream = running.openEvents()) {
      await().until(() -> running.engine.subscribers() == 1 && stream.events().size() == 1);
      FakeKioskApi.Hold hold = running.engine.holdUnsubscribes();
      logs = new LogCapture(StateStream.class, StateStreams.class);

      // Stopping asks the writer to end, then stops Jetty, which aborts the connection and
      // finishes and recycles the request. The writer is held in its unsubscribe meanwhile, so it
      // reaches the end of the response only after Jetty is done with the request.
      running.server.stop();
      await().atMost(Duration.ofSeconds(5)).until(hold::reached);
      hold.release();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> running.server.openEventStreams() == 0 || !logs.problems().isEmpty());
      assertThat(logs.problems()).isEmpty();
      assertThat(running.server.openEventStreams()).isZero();
      assertThat(running.engine.subscribers()).isZero();
      assertThat(logs.linesOf(StateStream.class))
          .singleElement()
          .asString()
          .startsWith("DEBUG SSE client 1 ended");
    }
  }

  @Test
  void a_client_that_goes_away_ends_its_stream_quietly() throws Exception {
    running = new RunningServer(new KioskUiServer.Settings(Duration.ofMillis(50), 64, 16, 4096));
    EventStreamReader stream = running.openEvents();
    await().until(() -> running.engine.subscribers() == 1 && stream.events().size() == 1);
    logs = new LogCapture(StateStream.class, StateStreams.class);

    stream.close();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> running.server.openEventStreams() == 0 || !logs.problems().isEmpty());
    assertThat(logs.problems()).isEmpty();
    assertThat(running.server.openEventStreams()).isZero();
    assertThat(logs.linesOf(StateStream.class))
        .singleElement()
        .asString()
        .startsWith("DEBUG SSE client 1 ended");
  }

  @Test
  void a_client_dropped_for_not_reading_ends_with_one_info_line() throws Exception {
    running = new RunningServer(new KioskUiServer.Settings(Duration.ofSeconds(15), 8, 16, 4096));
    Socket stalled = connectWithoutReading();
    try {
      await().until(() -> running.engine.subscribers() == 1);
      logs = new LogCapture(StateStream.class, StateStreams.class);
      String bulk = "x".repeat(64 * 1024);

      // The stalled client's socket buffers fill up, then its queue; the next view drops it.
      for (int i = 0; i < 300 && running.engine.subscribers() == 1; i++) {
        running.engine.publish("writing", Map.of("bulk", bulk));
      }

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> running.server.openEventStreams() == 0 || !logs.problems().isEmpty());
      assertThat(logs.problems()).isEmpty();
      assertThat(running.server.openEventStreams()).isZero();
      assertThat(running.engine.subscribers()).isZero();
      assertThat(logs.linesOf(StateStream.class))
          .hasSize(2)
          .anySatisfy(line -> assertThat(line).startsWith("INFO SSE client 1 dropped"))
          .anySatisfy(line -> assertThat(line).startsWith("DEBUG SSE client 1 ended"));
    } finally {
      stalled.close();
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
}
