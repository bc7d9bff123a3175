package org.gaskiosk.ui;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.gaskiosk.core.engine.KioskApi;
import org.gaskiosk.core.engine.KioskView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected {@code /api/events} client: a bounded queue filled by the engine's notification
 * thread and drained by a writer thread of its own.
 *
 * <p>Hazard this class exists for: writing to a socket blocks once the peer stops reading, and the
 * engine's notification thread must never wait for a browser. So the listener only offers to the
 * queue; when the queue is full the client is dropped (the page reconnects and asks for the current
 * state), never waited for: its connection is closed under the writer stuck in a socket write. Only
 * this client's own thread ever waits on its socket.
 */
final class StateStream {

  private static final Logger LOG = LoggerFactory.getLogger(StateStream.class);

  private final long id;
  private final SseClient client;
  private final JsonCodec json;
  private final Duration heartbeat;
  private final BlockingQueue<KioskView> queue;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Consumer<StateStream> onEnd;
  private final Thread writer;
  private volatile AutoCloseable subscription;
  private long lastSentVersion = Long.MIN_VALUE;

  StateStream(
      long id,
      SseClient client,
      JsonCodec json,
      Duration heartbeat,
      int queueCapacity,
      Consumer<StateStream> onEnd) {
    this.id = id;
    this.client = client;
    this.json = json;
    this.heartbeat = heartbeat;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.onEnd = onEnd;
    this.writer = new Thread(this::writeLoop, "kiosk-ui-sse-" + id);
    this.writer.setDaemon(true);
  }

  /**
   * Subscribes, queues the current view and starts writing. Subscribing before reading the current
   * view means no change can fall between the two; the writer skips any view not newer than the
   * last one sent.
   */
  void start(KioskApi api) {
    try {
      subscription = api.subscribe(this::offer);
      offer(api.view());
    } catch (RuntimeException e) {
      closed.set(true);
      unsubscribe();
      client.close();
      onEnd.accept(this);
      throw e;
    }
    writer.start();
    LOG.debug("SSE client {} connected from {}", id, client.ctx().ip());
  }

  /** Called from the engine's notification thread: never blocks. */
  void offer(KioskView view) {
    if (closed.get()) {
      return;
    }
    if (!queue.offer(view)) {
      LOG.warn(
          "SSE client {} dropped: {} views queued unread, latest version {}",
          id,
          queue.size(),
          view.version());
      if (closed.compareAndSet(false, true)) {
        // The writer is busy with a write (the queue is full), not waiting on the queue: closing
        // the connection under it ends it; an interrupt would not (Jetty ignores it there).
        abortConnection();
      }
    }
  }

  /**
   * Closes the client's TCP connection: a write blocked in Jetty fails at once, so the writer
   * thread and its subscription go now rather than at the connector's idle timeout. Closing an
   * endpoint does not block.
   */
  private void abortConnection() {
    try {
      ServletContextRequest.getServletContextRequest(client.ctx().req())
          .getConnectionMetaData()
          .getConnection()
          .getEndPoint()
          .close();
    } catch (RuntimeException e) {
      LOG.debug("SSE client {}: could not close its connection", id, e);
    }
  }

  /**
   * Ends the stream from any thread without blocking; the writer thread, woken from its wait on the
   * queue, cleans up.
   */
  void close() {
    if (closed.compareAndSet(false, true)) {
      writer.interrupt();
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  private void writeLoop() {
    try {
      while (!closed.get() && !client.terminated()) {
        KioskView view = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        if (closed.get()) {
          break;
        }
        if (view == null) {
          // A comment line: EventSource ignores it, proxies and idle timers see traffic, and a
          // vanished client is found out by the failing write.
          client.sendComment("keep-alive");
        } else if (view.version() > lastSentVersion) {
          client.sendEvent("state", json.view(view), Long.toString(view.version()));
          lastSentVersion = view.version();
        }
      }
    } catch (InterruptedException e) {
      // close() asked us to stop; the thread ends below.
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("SSE client {} failed after version {}", id, lastSentVersion, e);
    } finally {
      closed.set(true);
      unsubscribe();
      client.close();
      onEnd.accept(this);
      LOG.debug("SSE client {} gone", id);
    }
  }

  private void unsubscribe() {
    AutoCloseable handle = subscription;
    if (handle == null) {
      return;
    }
    try {
      handle.close();
    } catch (Exception e) {
      LOG.warn("SSE client {}: closing its engine subscription failed", id, e);
    }
  }
}
