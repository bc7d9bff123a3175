package org.gaskiosk.core.uplink;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one Paho client and keeps it connected. Paho's automatic reconnect is off by default, never
 * starts when the first connect fails, and uses one static delay for every client of the JVM; so
 * this class connects and reconnects itself, with a per-instance {@link Backoff}.
 *
 * <p>Threading: connection attempts and the {@link Handler#connected}/{@link Handler#disconnected}
 * calls run on the owner's single-threaded executor; {@link Handler#messageArrived} runs on Paho's
 * callback thread and must not block (waiting there for a token deadlocks Paho). Only one client is
 * ever created per instance and {@link #close} disposes of it, so no Paho thread outlives it.
 */
public final class ConnectionSupervisor {
  private static final Logger log = LoggerFactory.getLogger(ConnectionSupervisor.class);

  /** Beyond Paho's connection timeout, how long a silent connect attempt may hang. */
  static final long ATTEMPT_GRACE_MS = 2_000;

  /** MQTT's default Receive Maximum when the CONNACK does not carry one. */
  static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;

  /** What the owner of the connection does as it comes and goes. */
  public interface Handler {
    /** After every CONNACK, on the executor: subscribe and announce presence here. */
    void connected(int serverReceiveMaximum, boolean sessionPresent);

    /** After the connection was lost, on the executor; a reconnect is already scheduled. */
    void disconnected(String reason);

    /** On Paho's callback thread: hand the work over, never block, never throw. */
    void messageArrived(String topic, MqttMessage message);
  }

  private final String name;
  private final String serverUri;
  private final String clientId;
  private final Supplier<MqttConnectionOptions> options;
  private final Backoff backoff;
  private final ScheduledExecutorService executor;
  private final Handler handler;

  private volatile MqttAsyncClient client;
  private volatile boolean connected;
  private volatile boolean closed;
  private volatile int serverReceiveMaximum = DEFAULT_RECEIVE_MAXIMUM;
  private volatile IMqttToken connectToken;
  private volatile String lastProblem;

  // confined to the executor
  private boolean connecting;
  private int attempts;
  private ScheduledFuture<?> watchdog;
  private int failures;
  private ScheduledFuture<?> retry;

  /**
   * @param name for logs, e.g. {@code uplink K0001}
   * @param options called before every attempt (the will's timestamp may change)
   */
  public ConnectionSupervisor(
      String name,
      String serverUri,
      String clientId,
      Supplier<MqttConnectionOptions> options,
      Backoff backoff,
      ScheduledExecutorService executor,
      Handler handler) {
    this.name = Objects.requireNonNull(name, "name");
    this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.options = Objects.requireNonNull(options, "options");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /** Creates the client and makes the first attempt; failures are retried for ever. */
  public synchronized void start() {
    if (client != null || closed) {
      throw new IllegalStateException(name + ": start() may be called once, before close()");
    }
    try {
      // In-memory client persistence: the journal's outbox, not Paho, is the delivery guarantee.
      MqttAsyncClient c = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
      c.setCallback(
          new PahoCallback(name, reason -> submit(() -> lost(reason)), handler::messageArrived));
      client = c;
    } catch (MqttException e) {
      throw new IllegalArgumentException(
          name + ": cannot create an MQTT client for " + serverUri, e);
    }
    submit(this::attempt);
  }

  public boolean isConnected() {
    return connected;
  }

  /**
   * Why the last connection attempt failed or the last connection was lost (e.g. a certificate the
   * kiosk cannot verify, bad credentials), or null if nothing went wrong yet.
   */
  public String lastProblem() {
    return lastProblem;
  }

  /** The broker's Receive Maximum of the current connection: most QoS 1 publishes in flight. */
  public int serverReceiveMaximum() {
    return serverReceiveMaximum;
  }

  /**
   * Publishes without waiting. Throws with {@link MqttClientException#REASON_CODE_MAX_INFLIGHT}
   * when the broker's Receive Maximum is reached, and when not connected.
   */
  public IMqttToken publish(
      String topic, byte[] payload, int qos, boolean retained, MqttProperties properties)
      throws MqttException {
    MqttAsyncClient c = client;
    if (c == null || !connected) {
      throw new MqttException(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED);
    }
    MqttProperties props = properties == null ? new MqttProperties() : properties;
    return c.publish(topic, new MqttMessage(payload, qos, retained, props));
  }

  /** Publishes not yet acknowledged by the broker (empty when there is no client). */
  public IMqttToken[] pendingPublishes() {
    MqttAsyncClient c = client;
    return c == null ? new IMqttToken[0] : c.getPendingTokens();
  }

  /** Subscribes at QoS 1; the listener sees SUBACK (check its reason codes) or the failure. */
  public void subscribe(String[] filters, MqttActionListener listener) throws MqttException {
    MqttAsyncClient c = client;
    if (c == null || !connected) {
      throw new MqttException(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED);
    }
    MqttSubscription[] subs = new MqttSubscription[filters.length];
    for (int i = 0; i < filters.length; i++) {
      subs[i] = new MqttSubscription(filters[i], 1);
    }
    c.subscribe(subs, null, listener, new MqttProperties());
  }

  /**
   * Stops reconnecting, disconnects normally (so the broker discards the will) and disposes of the
   * client. Waits at most about {@code timeout} for each step. Call from the owner's thread, not
   * from the executor.
   */
  public void close(Duration timeout) {
    closed = true;
    MqttAsyncClient c;
    synchronized (this) {
      c = client;
    }
    if (c == null) {
      return;
    }
    long ms = Math.max(1, timeout.toMillis());
    // Passing through the executor guarantees no attempt() is half-way: any later one sees closed.
    IMqttToken attempt = connectToken;
    try {
      attempt =
          executor
              .submit(
                  () -> {
                    cancelRetry();
                    return connectToken;
                  })
              .get(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      log.debug("{}: executor did not confirm the close: {}", name, e.toString());
    }
    if (attempt != null && !attempt.isComplete()) {
      try {
        attempt.waitForCompletion(ms); // close() throws while a connect is in progress
      } catch (MqttException e) {
        log.debug("{}: connect attempt ended while closing: {}", name, e.toString());
      }
    }
    try {
      if (c.isConnected()) {
        c.disconnect(ms / 2).waitForCompletion(ms);
      }
    } catch (MqttException e) {
      log.debug("{}: normal disconnect failed, forcing: {}", name, e.toString());
      try {
        c.disconnectForcibly(0, ms / 2, false);
      } catch (MqttException forced) {
        log.debug("{}: forced disconnect failed: {}", name, forced.toString());
      }
    }
    connected = false;
    try {
      c.close(true);
    } catch (MqttException e) {
      log.warn("{}: the MQTT client did not close cleanly: {}", name, e.toString());
    }
  }

  private void attempt() {
    if (closed || connecting || connected) {
      return;
    }
    connecting = true;
    int attemptNo = ++attempts;
    MqttConnectionOptions o = options.get();
    long limitMs = Math.max(1, o.getConnectionTimeout()) * 1000L + ATTEMPT_GRACE_MS;
    try {
      connectToken =
          client.connect(
              o,
              null,
              new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                  submit(
                      () -> {
                        if (attemptNo == attempts) {
                          connectSucceeded(token);
                        }
                      });
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                  submit(
                      () -> {
                        if (attemptNo == attempts) {
                          connectFailed(cause);
                        }
                      });
                }
              });
      watchdog =
          executor.schedule(() -> abandon(attemptNo, limitMs), limitMs, TimeUnit.MILLISECONDS);
    } catch (MqttException | RuntimeException e) {
      connectFailed(e);
    }
  }

  /**
   * A connect that neither succeeded nor failed in time is given up. Seen with Mosquitto stopping:
   * the TCP connection is accepted into the backlog, then reset before any CONNACK, and Paho never
   * completes the connect token, so without this the link would stay down for good.
   */
  private void abandon(int attemptNo, long limitMs) {
    if (attemptNo != attempts || !connecting || closed) {
      return;
    }
    attempts++; // whatever this attempt still reports is ignored
    try {
      client.disconnectForcibly(0, 100, false);
    } catch (MqttException e) {
      log.debug("{}: forced reset of the hung attempt: {}", name, e.toString());
    }
    connectFailed(
        new TimeoutException("no answer to CONNECT within " + limitMs + " ms; attempt abandoned"));
  }

  private void connectSucceeded(IMqttToken token) {
    connecting = false;
    cancelWatchdog();
    if (closed) {
      return; // close() disconnects
    }
    failures = 0;
    MqttProperties props = token.getResponseProperties();
    Integer receiveMax = props == null ? null : props.getReceiveMaximum();
    serverReceiveMaximum = receiveMax == null ? DEFAULT_RECEIVE_MAXIMUM : receiveMax;
    connected = true;
    log.info(
        "{}: connected to {} (session present: {}, broker receive maximum {})",
        name,
        serverUri,
        token.getSessionPresent(),
        serverReceiveMaximum);
    try {
      handler.connected(serverReceiveMaximum, token.getSessionPresent());
    } catch (RuntimeException e) {
      log.error("{}: connection handler failed", name, e);
    }
  }

  private void connectFailed(Throwable cause) {
    connecting = false;
    cancelWatchdog();
    if (closed) {
      return;
    }
    Duration delay = backoff.delay(failures);
    String why = PahoCallback.describe(cause);
    lastProblem = why;
    if (failures == 0 || failures % 10 == 0) {
      log.warn("{}: cannot connect to {} ({}); retrying in {}", name, serverUri, why, delay);
    } else {
      log.debug("{}: attempt {} failed ({}); retrying in {}", name, failures + 1, why, delay);
    }
    failures++;
    scheduleAttempt(delay);
  }

  private void lost(String reason) {
    if (!connected) {
      return;
    }
    connected = false;
    lastProblem = "connection lost: " + reason;
    log.warn("{}: connection to {} lost: {}", name, serverUri, reason);
    if (closed) {
      return;
    }
    try {
      handler.disconnected(reason);
    } catch (RuntimeException e) {
      log.error("{}: disconnection handler failed", name, e);
    }
    scheduleAttempt(backoff.delay(failures++));
  }

  private void scheduleAttempt(Duration delay) {
    try {
      retry = executor.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("{}: executor stopped, no further attempts", name);
    }
  }

  private void cancelWatchdog() {
    if (watchdog != null) {
      watchdog.cancel(false);
      watchdog = null;
    }
  }

  private void cancelRetry() {
    if (retry != null) {
      retry.cancel(false);
    }
  }

  private void submit(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("{}: executor stopped, dropping a connection task", name);
    }
  }
}
