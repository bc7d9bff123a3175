package org.gaskiosk.ui;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.gaskiosk.core.engine.KioskApi;
import org.gaskiosk.core.maintenance.MaintenanceApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The touchscreen's HTTP server: the kiosk API of the automation contract ({@code GET /api/state},
 * {@code GET /api/events}, {@code POST /api/actions/{name}}), {@code GET /healthz} and the static
 * page at {@code /}. It binds to a loopback address only: the page and the automation scripts run
 * on the kiosk itself, and nothing on the network may take actions.
 *
 * <p>Every answer of the API is JSON, errors included ({@code {"error": code, "message": text}});
 * no stack trace leaves the process. A server is started once and stopped once.
 */
public final class KioskUiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KioskUiServer.class);

  /**
   * Tunables, with {@link #defaults()} fit for the kiosk.
   *
   * @param heartbeat how often an idle event stream gets a comment line (keeps proxies, idle timers
   *     and Chromium from closing it, and finds vanished clients)
   * @param streamQueueCapacity views an event-stream client may have unread before it is dropped
   * @param maxStreams event streams open at once; more are answered 503
   * @param maxBodyBytes the largest action body accepted
   */
  public record Settings(
      Duration heartbeat, int streamQueueCapacity, int maxStreams, int maxBodyBytes) {
    public Settings {
      Objects.requireNonNull(heartbeat, "heartbeat");
      if (heartbeat.isNegative() || heartbeat.isZero()) {
        throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
      }
      if (streamQueueCapacity < 1 || maxStreams < 1 || maxBodyBytes < 2) {
        throw new IllegalArgumentException(
            "queue capacity, max streams and max body bytes must be positive");
      }
    }

    /** 15 s heartbeat, 64 queued views per client, 16 streams, 4 KiB bodies. */
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(15), 64, 16, 4096);
    }
  }

  private final KioskApi api;
  private final String host;
  private final int port;
  private final Settings settings;
  private final JsonCodec json = new JsonCodec();
  private final StateStreams streams;
  private Javalin app;
  private boolean used;
  private MaintenanceApi maintenance;

  /** A server with {@link Settings#defaults()}. */
  public KioskUiServer(KioskApi api, String host, int port) {
    this(api, host, port, Settings.defaults());
  }

  /**
   * @param api the engine, as the touchscreen sees it
   * @param host a loopback address or name ({@code 127.0.0.1}, {@code localhost})
   * @param port the TCP port, or 0 for any free one (read it back with {@link #port()})
   * @throws IllegalArgumentException if {@code host} is not a loopback address or the port is out
   *     of range
   */
  public KioskUiServer(KioskApi api, String host, int port, Settings settings) {
    this.api = Objects.requireNonNull(api, "api");
    this.host = requireLoopback(host);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.port = port;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.streams =
        new StateStreams(
            api, json, settings.heartbeat(), settings.streamQueueCapacity(), settings.maxStreams());
  }

  /** Serves {@code /api/maintenance/...} from {@code api} too; call before {@link #start()}. */
  public synchronized KioskUiServer withMaintenance(MaintenanceApi api) {
    this.maintenance = Objects.requireNonNull(api, "api");
    return this;
  }

  /**
   * Binds and starts serving.
   *
   * @throws IllegalStateException if the server was started before
   * @throws io.javalin.util.JavalinException if the port cannot be bound
   */
  public synchronized void start() {
    if (used) {
      throw new IllegalStateException("a KioskUiServer is started once only");
    }
    used = true;
    app = Javalin.create(this::configure);
    app.start(host, port);
    LOG.info("Kiosk UI serving on http://{}", describe(boundAddress()));
  }

  /** Ends every event stream, then stops the server. Does nothing if it is not running. */
  public synchronized void stop() {
    if (app == null) {
      return;
    }
    streams.closeAll();
    app.stop();
    app = null;
    LOG.info("Kiosk UI stopped");
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * The port the server listens on, the one chosen by the system when constructed with 0.
   *
   * @throws IllegalStateException if the server is not running
   */
  public synchronized int port() {
    return boundAddress().getPort();
  }

  /**
   * The address and port the listening socket is bound to, as the operating system reports it.
   *
   * @throws IllegalStateException if the server is not running
   */
  public synchronized InetSocketAddress boundAddress() {
    if (app == null) {
      throw new IllegalStateException("the kiosk UI server is not running");
    }
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof ServerConnector server
          && server.getTransport() instanceof ServerSocketChannel channel) {
        try {
          return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
          throw new IllegalStateException("cannot read the bound address of " + connector, e);
        }
      }
    }
    throw new IllegalStateException("the kiosk UI server has no open listening socket");
  }

  /** Number of event-stream clients connected now. */
  public int openEventStreams() {
    return streams.openStreams();
  }

  private void configure(JavalinConfig config) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    // A few threads are plenty for one browser and a test script; event streams do not hold them.
    QueuedThreadPool threads = new QueuedThreadPool(32, 2);
    threads.setName("kiosk-ui-http");
    config.jetty.threadPool = threads;
    config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(json)));

    config.staticFiles.add(
        files -> {
          files.hostedPath = "/";
          files.directory = "/public";
          files.location = Location.CLASSPATH;
          files.headers =
              Map.of(
                  // An updated controller must not meet a stale page in Chromium's cache.
                  "Cache-Control",
                  "no-cache",
                  "X-Content-Type-Options",
                  "nosniff",
                  "Content-Security-Policy",
                  "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        });

    ApiHandlers handlers =
        new ApiHandlers(api, json, new ActionBodyParser(json, settings.maxBodyBytes()));
    config.routes.get("/api/state", handlers::state);
    config.routes.get("/api/events", streams::handle);
    config.routes.post("/api/actions/{name}", handlers::action);
    config.routes.get("/healthz", handlers::health);
    config.routes.get("/api/qr.svg", new QrSvg(api)::handle);
    if (maintenance != null) {
      MaintenanceHandlers desk =
          new MaintenanceHandlers(
              maintenance, json, new ActionBodyParser(json, settings.maxBodyBytes()));
      config.routes.get("/api/maintenance/state", desk::state);
      config.routes.post("/api/maintenance/{name}", desk::action);
    }

    config.routes.exception(
        HttpResponseException.class,
        (e, ctx) -> Replies.json(ctx, e.getStatus(), json.error(errorCode(e), e.getMessage())));
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          String request = describe(ctx);
          if (request == null) {
            // Jetty has finished and recycled this request already: nobody is left to answer,
            // and any use of ctx throws again, which Javalin would hand to this handler anew.
            LOG.debug("{} after its request was over", e.toString());
            return;
          }
          LOG.error("{} failed", request, e);
          Replies.json(
              ctx, 500, json.error("internal-error", "the kiosk could not answer; see its log"));
        });
    config.router.javaLangErrorHandler(
        (response, error) -> {
          LOG.error("{} while answering a request", error.getClass().getSimpleName(), error);
          response.setStatus(500);
          response.setContentType(Replies.JSON);
          try {
            response
                .getOutputStream()
                .write(JsonCodec.utf8(json.error("internal-error", "the kiosk could not answer")));
          } catch (IOException | RuntimeException writeFailed) {
            LOG.debug("could not write the error answer", writeFailed);
          }
        });
  }

  /** "METHOD /path" of the request, or null if Jetty has recycled it (every getter throws then). */
  private static String describe(Context ctx) {
    try {
      return ctx.method() + " " + ctx.path();
    } catch (RuntimeException recycled) {
      return null;
    }
  }

  private static String errorCode(HttpResponseException e) {
    return switch (e.getStatus()) {
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      default -> "http-" + e.getStatus();
    };
  }

  private static String requireLoopback(String host) {
    Objects.requireNonNull(host, "host");
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          throw new IllegalArgumentException(
              "the kiosk UI binds to loopback only; " + host + " resolves to " + address);
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host for the kiosk UI: " + host, e);
    }
    return host;
  }

  private static String describe(InetSocketAddress address) {
    String ip = address.getAddress().getHostAddress();
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + address.getPort();
  }
}
