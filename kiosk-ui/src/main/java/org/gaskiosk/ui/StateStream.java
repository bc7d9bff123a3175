package org.gaskiosk.ui;

import io.javalin.http.sse.SseClient;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
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
 *
 * <p>Second hazard: Jetty may finish the request on its own (the connection failed, the server is
 * stopping) and then recycles it while the writer still holds the {@link SseClient}. Anything the
 * writer does with the client after that touches a recycled request; closing it completes Javalin's
 * pending future, whose tasks then fail on the dead request, and Javalin's exception handling
 * retries them without end, flooding the log. So every use of the client (each write and the final
 * close) happens under {@link #response}, and only while Jetty has not reported the request
 * complete; Jetty reports that ({@link AsyncListener#onComplete}) before it recycles.
 */
final class StateStream {

  private static final Logger LOG = LoggerFactory.getLogger(StateStream.class);

  private final long id;
  private final SseClient client;
  private final JsonCodec json;
  private final Duration heartbeat;
  private final BlockingQueue<KioskView> queue;
  private final Consumer<StateStream> onEnd;
  private final Thread writer;

  /** Why the stream ends; null while it runs. Set once, by whoever ends it first. */
  private final AtomicReference<String> endReason = new AtomicReference<>();

  /** Held while the client is used: writes, the closing of the response, Jetty's completion. */
  private final ReentrantLock response = new ReentrantLock();

  /** Jetty completed the request: it is recycled next, and the client is not to be touched. */
  private boolean requestDone; // guarded by response

  private volatile EndPoint endPoint;
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
   * Watches the request's lifecycle, subscribes, queues the current view and starts writing.
   * Subscribing before reading the current view means no change can fall between the two; the
   * writer skips any view not newer than the last one sent. Runs on Javalin's async thread, while
   * the request is still open.
   */
  void start(KioskApi api) {
    String peer;
    try {
      peer = watchRequest();
    } catch (RuntimeException gone) {
      // The connection failed before the stream began and Jetty has finished the request.
      end("its request was over before the stream began");
      markRequestDone();
      onEnd.accept(this);
      LOG.debug("SSE client {} ended: {}", id, endReason.get());
      return;
    }
    try {
      subscription = api.subscribe(this::offer);
      offer(api.view());
    } catch (RuntimeException e) {
      end("it could not be subscribed to the engine");
      unsubscribe();
      finishResponse();
      onEnd.accept(this);
      throw e;
    }
    writer.start();
    LOG.debug("SSE client {} connected from {}", id, peer);
  }

  /**
   * Registers for Jetty's completion of the request and keeps what a later abort needs; returns the
   * peer's address. Throws if the request is already over.
   */
  private String watchRequest() {
    HttpServletRequest request = client.ctx().req();
    request.getAsyncContext().addListener(new RequestWatch());
    endPoint =
        ServletContextRequest.getServletContextRequest(request)
            .getConnectionMetaData()
            .getConnection()
            .getEndPoint();
    if (!request.isAsyncStarted()) {
      throw new IllegalStateException("the request is no longer open");
    }
    return request.getRemoteAddr();
  }

  /** Called from the engine's notification thread: never blocks. */
  void offer(KioskView view) {
    if (endReason.get() != null) {
      return;
    }
    if (!queue.offer(view)) {
      if (end("dropped for not reading")) {
        LOG.info(
            "SSE client {} dropped: {} views queued unread, latest version {}",
            id,
            queue.size(),
            view.version());
        // The writer is busy with a write (the queue is full), not waiting on the queue: closing
        // the connection under it ends it; an interrupt would not (Jetty ignores it there).
        abortConnection();
      }
    }
  }

  /**
   * Closes the client's TCP connection: a write blocked in Jetty fails at once, so the writer
   * thread and its subscription go now rather than at the connector's idle timeout. Closing an
   * endpoint does not block, and the endpoint serves this response only ({@code Connection:
   * close}).
   */
  private void abortConnection() {
    EndPoint connection = endPoint;
    if (connection != null) {
      connection.close();
    }
  }

  /**
   * Ends the stream from any thread without blocking; the writer thread, woken from its wait on the
   * queue, cleans up.
   */
  void close() {
    stop("closed by the server");
  }

  boolean isClosed() {
    return endReason.get() != null;
  }

  private boolean end(String reason) {
    return endReason.compareAndSet(null, reason);
  }

  /** Ends the stream and wakes the writer if it waits on the queue; never blocks. */
  private void stop(String reason) {
    if (end(reason) && Thread.currentThread() != writer) {
      writer.interrupt();
    }
  }

  private void writeLoop() {
    try {
      while (endReason.get() == null) {
        KioskView view = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        if (endReason.get() != null) {
          break;
        }
        if (view == null) {
          // A comment line: EventSource ignores it, proxies and idle timers see traffic, and a
          // vanished client is found out by the failing write.
          send(() -> client.sendComment("keep-alive"));
        } else if (view.version() > lastSentVersion) {
          send(() -> client.sendEvent("state", json.view(view), Long.toString(view.version())));
          lastSentVersion = view.version();
        }
      }
    } catch (InterruptedException e) {
      // stop() woke us; the reason is set. The interrupt is spent here on purpose: finishing the
      // response below does blocking I/O, which an interrupt would fail.
    } catch (RuntimeException e) {
      end("failed");
      LOG.warn("SSE client {} failed after version {}", id, lastSentVersion, e);
    } finally {
      end("ended");
      unsubscribe();
      finishResponse();
      onEnd.accept(this);
      LOG.debug("SSE client {} ended: {}", id, endReason.get());
    }
  }

  /**
   * Writes, unless Jetty has finished the request. Javalin's client swallows a failed write (the
   * peer is gone) and closes itself, completing the response while the request is still live.
   */
  private void send(Runnable write) {
    response.lock();
    try {
      if (requestDone || client.terminated()) {
        end("the request is over");
        return;
      }
      write.run();
      if (client.terminated()) {
        end("the client went away");
      }
    } finally {
      response.unlock();
    }
  }

  /**
   * Closes the client, which completes Javalin's pending future and so ends the response, unless
   * Jetty has finished the request already: then there is nothing left to end, and the request must
   * not be touched.
   */
  private void finishResponse() {
    response.lock();
    try {
      if (!requestDone) {
        client.close();
      }
    } finally {
      response.unlock();
    }
  }

  /** Jetty is about to recycle the request: from here on the client is not to be used. */
  private void markRequestDone() {
    response.lock();
    try {
      requestDone = true;
    } finally {
      response.unlock();
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

  /**
   * Jetty's view of the request. {@code onComplete} waits for a write in progress, which cannot
   * last: Jetty completes a request only once its output has completed or failed.
   */
  private final class RequestWatch implements AsyncListener {

    @Override
    public void onComplete(AsyncEvent event) {
      markRequestDone();
      // On the writer's own thread, Jetty completes the request when a write found the peer gone.
      stop(Thread.currentThread() == writer ? "the client went away" : "the request was completed");
    }

    @Override
    public void onError(AsyncEvent event) {
      // The writer, woken now rather than at its next heartbeat, completes the request unless
      // Jetty does first (onComplete).
      stop("the connection failed");
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      stop("the request timed out");
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // Not called for a listener added to a started async context.
    }
  }
}
