package org.gaskiosk.ui;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gaskiosk.core.engine.KioskApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: admits server-sent event clients up to a limit and keeps track of them
 * so that stopping the server ends them all.
 */
final class StateStreams {

  private static final Logger LOG = LoggerFactory.getLogger(StateStreams.class);

  private final KioskApi api;
  private final JsonCodec json;
  private final Duration heartbeat;
  private final int queueCapacity;
  private final int maxStreams;
  private final Set<StateStream> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicLong ids = new AtomicLong();
  private final SseHandler sse = new SseHandler(this::connected);

  StateStreams(
      KioskApi api, JsonCodec json, Duration heartbeat, int queueCapacity, int maxStreams) {
    this.api = api;
    this.json = json;
    this.heartbeat = heartbeat;
    this.queueCapacity = queueCapacity;
    this.maxStreams = maxStreams;
  }

  void handle(Context ctx) throws Exception {
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      // Javalin's SSE handler silently answers an empty 200 to such a request; say why instead.
      Replies.json(
          ctx,
          406,
          json.error(
              "not-acceptable",
              "/api/events is a server-sent event stream: send Accept: text/event-stream"));
      return;
    }
    if (admitted.incrementAndGet() > maxStreams) {
      admitted.decrementAndGet();
      LOG.warn("SSE client refused: {} streams already open", maxStreams);
      Replies.json(
          ctx, 503, json.error("too-many-streams", maxStreams + " event streams are open already"));
      return;
    }
    try {
      sse.handle(ctx);
    } catch (Exception | Error e) {
      admitted.decrementAndGet();
      throw e;
    }
  }

  /**
   * Runs on Javalin's async thread once the response headers are out. The stream owns the client
   * from here: it alone writes to it and closes it (which ends the response), and only while Jetty
   * still has the request.
   */
  private void connected(SseClient client) {
    client.keepAlive();
    StateStream stream =
        new StateStream(ids.incrementAndGet(), client, json, heartbeat, queueCapacity, this::ended);
    open.add(stream);
    try {
      stream.start(api);
    } catch (RuntimeException e) {
      LOG.error("SSE client could not be subscribed to the engine", e);
    }
  }

  private void ended(StateStream stream) {
    if (open.remove(stream)) {
      admitted.decrementAndGet();
    }
  }

  int openStreams() {
    return open.size();
  }

  /** Ends every stream; returns without waiting for their writer threads. */
  void closeAll() {
    open.forEach(StateStream::close);
  }
}
