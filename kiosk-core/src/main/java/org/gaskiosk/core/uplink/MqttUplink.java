package org.gaskiosk.core.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.gaskiosk.core.fleet.FleetLink;
import org.gaskiosk.core.journal.OutboxStore;
import org.gaskiosk.core.port.AuthorizeRequest;
import org.gaskiosk.core.port.AuthorizeResult;
import org.gaskiosk.core.port.CardServiceRequest;
import org.gaskiosk.core.port.CardServiceResult;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.core.port.QrPaidNotice;
import org.gaskiosk.core.port.QrRequest;
import org.gaskiosk.core.port.QrResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's MQTT 5 link to the central system ({@code docs/mqtt.md}): answers the {@link
 * CentralSystem} port with request/response over the broker, publishes the journal's outbox and
 * keeps the retained presence. Call {@link #start()} once (nothing touches the network before), and
 * {@link #close()} on shutdown (publishes {@code offline}, disconnects, stops every thread).
 *
 * <p>Requests never throw for an absent or silent central system: they return {@code Unreachable}
 * after at most the request timeout, and at once when the broker is not connected.
 */
public final class MqttUplink implements CentralSystem, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MqttUplink.class);

  /** The presence mode until {@link #setMode} says otherwise. */
  public static final String DEFAULT_MODE = "in-service";

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

  private final UplinkConfig config;
  private final OutboxStore outbox;
  private final Clock clock;
  private final String bootId;
  private final Topics topics;
  private final UplinkCodec codec = new UplinkCodec();
  private final ScheduledThreadPoolExecutor executor;
  private final ConnectionSupervisor supervisor;
  private final OutboxPump pump;
  private final RequestChannel requests;
  private final FleetChannel fleet;
  private final Subscriptions subscriptions;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean pumpQueued = new AtomicBoolean();

  private volatile boolean ready;

  private record Mode(String mode, String reason) {}

  private volatile Mode mode = new Mode(DEFAULT_MODE, "");
  private volatile Instant lastCentralContact;
  private volatile QrPaidNotice.Listener qrListener;

  /**
   * @param bootId this process's boot id, in presence and every event batch (with seq it lets the
   *     central system tell restarts, gaps and duplicates apart)
   */
  public MqttUplink(UplinkConfig config, OutboxStore outbox, Clock clock, String bootId) {
    this.config = Objects.requireNonNull(config, "config");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.bootId = Objects.requireNonNull(bootId, "bootId");
    this.topics = config.topics();
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "uplink-" + config.kioskId());
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.supervisor =
        new ConnectionSupervisor(
            "uplink " + config.kioskId(),
            config.brokerUri(),
            config.clientId(),
            () -> config.connectionOptions(statusPayload("lost")),
            new Backoff(
                config.reconnectMin(),
                config.reconnectMax(),
                RandomGenerator.of("L64X128MixRandom")),
            executor,
            new Handler());
    this.pump =
        new OutboxPump(
            outbox,
            codec,
            config.kioskId(),
            bootId,
            config.batchSize(),
            config.inFlightWindow(),
            config.ackTimeout(),
            System::nanoTime,
            payload -> supervisor.publish(topics.events(), payload, 1, false, null));
    this.requests =
        new RequestChannel(
            config.kioskId(),
            config.requestTimeout(),
            codec,
            (topic, payload, props) -> supervisor.publish(topic, payload, 1, false, props));
    this.fleet =
        new FleetChannel(
            topics,
            () -> ready,
            (topic, payload, qos, props) -> supervisor.publish(topic, payload, qos, false, props),
            this::setMode,
            this::health,
            () -> submit(this::resync));
    this.subscriptions =
        new Subscriptions(
            config.kioskId(),
            supervisor,
            new String[] {
              topics.ack(),
              topics.responses(),
              topics.commands(),
              topics.config(),
              topics.qrNotices()
            },
            this::submit,
            () -> !ready && !closed.get(),
            this::subscribed);
  }

  /**
   * Telemetry, commands, configuration and the presence mode for the fleet agent. Register its
   * receiver before {@link #start()}: a retained configuration arrives with the subscription.
   */
  public FleetLink fleet() {
    return fleet;
  }

  /** Starts connecting (and reconnecting for ever) and publishing the outbox. */
  public void start() {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "uplink " + config.kioskId() + " was already started or closed");
    }
    outbox.onAppended(this::wake);
    long every = config.retryInterval().toMillis();
    executor.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    if (config.demoTls()) {
      log.warn(
          "uplink {}: DEMO TLS - the broker's certificate is not verified; never use this on a"
              + " kiosk that handles real money",
          config.kioskId());
    }
    supervisor.start();
    log.info("uplink {} starting: {}", config.kioskId(), config);
  }

  @Override
  public LookupResult lookup(LookupRequest request) {
    return ask(
        "card.lookup",
        request.requestId(),
        codec.lookupRequest(config.kioskId(), request, clock.instant()),
        codec::lookupResult,
        LookupResult.Unreachable::new);
  }

  @Override
  public AuthorizeResult authorize(AuthorizeRequest request) {
    return ask(
        "load.authorize",
        request.requestId(),
        codec.authorizeRequest(config.kioskId(), request, clock.instant()),
        codec::authorizeResult,
        AuthorizeResult.Unreachable::new);
  }

  @Override
  public QrResult qr(QrRequest request) {
    return ask(
        QrCodec.op(request),
        request.requestId(),
        QrCodec.request(config.kioskId(), request, clock.instant()),
        QrCodec::result,
        QrResult.Unreachable::new);
  }

  @Override
  public void onQrPaid(QrPaidNotice.Listener listener) {
    this.qrListener = Objects.requireNonNull(listener);
  }

  @Override
  public boolean connected() {
    return ready;
  }

  @Override
  public CardServiceResult cardService(CardServiceRequest request) {
    return ask(
        "card.service",
        request.requestId(),
        codec.cardServiceRequest(config.kioskId(), request, clock.instant()),
        codec::cardServiceResult,
        CardServiceResult.Unreachable::new);
  }

  /** Changes the mode in the presence message (e.g. {@code maintenance}) and republishes it. */
  public void setMode(String mode) {
    setMode(mode, "");
  }

  /** Changes the mode and why (e.g. {@code out-of-service}, the fault) and republishes it. */
  public void setMode(String mode, String reason) {
    this.mode =
        new Mode(Objects.requireNonNull(mode, "mode"), Objects.requireNonNull(reason, "reason"));
    submit(
        () -> {
          if (ready && !closed.get()) {
            publishStatus("online");
          }
        });
  }

  /** Connected?, last central contact, outbox depth: for telemetry. Any thread. */
  public UplinkHealth health() {
    long depth;
    try {
      depth = outbox.depth();
    } catch (RuntimeException e) {
      depth = -1;
    }
    return new UplinkHealth(
        ready,
        lastCentralContact,
        depth,
        pump.inFlight(),
        pump.lastAcked(),
        supervisor.lastProblem());
  }

  /** Publishes {@code offline}, disconnects normally (no will), and stops every thread. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    requests.failAll("uplink " + config.kioskId() + " closed");
    if (started.get()) {
      // On the executor, so no late "online" can overwrite the retained "offline".
      try {
        executor.submit(this::goOffline).get(CLOSE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
        log.warn("uplink {}: offline presence not confirmed: {}", config.kioskId(), e.toString());
      }
      supervisor.close(CLOSE_TIMEOUT);
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("uplink {}: executor did not stop within {}", config.kioskId(), CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("uplink {} closed", config.kioskId());
  }

  /** Asks the central system; every failure, a malformed answer included, is a value. */
  private <T> T ask(
      String op,
      String requestId,
      byte[] payload,
      Function<JsonNode, T> decode,
      Function<String, T> unreachable) {
    if (!ready) {
      return unreachable.apply(
          String.format(
              "not connected to the broker %s; %s %s not sent", config.brokerUri(), op, requestId));
    }
    RequestChannel.Outcome o = requests.ask(op, requestId, payload);
    if (o.failure() != null) {
      return unreachable.apply(o.failure());
    }
    try {
      return decode.apply(o.answer());
    } catch (UplinkCodec.Malformed e) {
      log.warn(
          "uplink {}: malformed answer to {} {}: {}",
          config.kioskId(),
          op,
          requestId,
          e.getMessage());
      return unreachable.apply(
          "malformed answer to " + op + " " + requestId + ": " + e.getMessage());
    }
  }

  private byte[] statusPayload(String state) {
    Mode m = mode;
    return codec.status(
        config.kioskId(),
        state,
        m.mode(),
        m.reason(),
        bootId,
        config.softwareVersion(),
        clock.instant());
  }

  private void publishStatus(String state) {
    try {
      supervisor.publish(topics.status(), statusPayload(state), 1, true, null);
    } catch (MqttException e) {
      log.warn(
          "uplink {}: cannot publish presence '{}': {}", config.kioskId(), state, e.toString());
    }
  }

  private void goOffline() {
    ready = false;
    if (!supervisor.isConnected()) {
      return;
    }
    try {
      IMqttToken t = supervisor.publish(topics.status(), statusPayload("offline"), 1, true, null);
      t.waitForCompletion(CLOSE_TIMEOUT.toMillis());
    } catch (MqttException e) {
      log.warn("uplink {}: cannot publish offline presence: {}", config.kioskId(), e.toString());
    }
  }

  /**
   * The resync command (uplink thread): what a reconnection does, without dropping the connection.
   * Subscribing to {@code cfg} again makes the broker send its retained message again (MQTT 5
   * retain handling 0).
   */
  private void resync() {
    if (!ready) {
      return; // the next connection publishes presence, rewinds the outbox and subscribes anyway
    }
    log.info("uplink {}: resync: presence, outbox from its oldest event, cfg", config.kioskId());
    publishStatus("online");
    pump.connected(supervisor.serverReceiveMaximum());
    try {
      supervisor.subscribe(
          new String[] {topics.config()},
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              log.debug("uplink {}: cfg subscribed again", config.kioskId());
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
              log.warn("uplink {}: cfg resubscription failed: {}", config.kioskId(), cause);
            }
          });
    } catch (MqttException e) {
      log.warn("uplink {}: cannot subscribe to cfg again: {}", config.kioskId(), e.toString());
    }
  }

  /** Every inbound topic is granted: the kiosk is online. */
  private void subscribed() {
    ready = true;
    publishStatus("online");
    pump.connected(supervisor.serverReceiveMaximum());
  }

  private void tick() {
    if (!ready && supervisor.isConnected()) {
      subscriptions.attempt();
    }
    pump.pump();
  }

  private void wake() {
    if (!closed.get() && pumpQueued.compareAndSet(false, true)) {
      submit(
          () -> {
            pumpQueued.set(false);
            pump.pump();
          });
    }
  }

  private void submit(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("uplink {}: closed, task dropped", config.kioskId());
    }
  }

  private void onAck(MqttMessage message) {
    long upTo;
    try {
      upTo = codec.ackUpTo(message.getPayload());
    } catch (UplinkCodec.Malformed e) {
      log.warn("uplink {}: malformed ack ignored: {}", config.kioskId(), e.getMessage());
      return;
    }
    lastCentralContact = clock.instant();
    submit(() -> pump.acked(upTo));
  }

  private void onQrNotice(MqttMessage message) {
    QrPaidNotice notice;
    try {
      notice = QrCodec.paidNotice(codec.read(message.getPayload()));
    } catch (UplinkCodec.Malformed e) {
      log.warn("uplink {}: malformed QR notice ignored: {}", config.kioskId(), e.getMessage());
      return;
    }
    lastCentralContact = clock.instant();
    QrPaidNotice.Listener l = qrListener;
    if (l == null) {
      // Nothing lost: the kiosk asks the provider (qr.cancel) about every payment it left open.
      log.warn("uplink {}: QR notice for {} but nobody listens", config.kioskId(), notice.txnId());
    } else {
      l.onQrPaid(notice);
    }
  }

  private final class Handler implements ConnectionSupervisor.Handler {
    @Override
    public void connected(int serverReceiveMaximum, boolean sessionPresent) {
      subscriptions.connected();
    }

    @Override
    public void disconnected(String reason) {
      ready = false;
      subscriptions.disconnected();
      pump.disconnected();
      requests.failAll("connection to the broker lost: " + reason);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      if (topic.equals(topics.ack())) {
        onAck(message);
      } else if (topic.equals(topics.responses())) {
        if (requests.onResponse(message)) {
          lastCentralContact = clock.instant();
        }
      } else if (topic.equals(topics.qrNotices())) {
        onQrNotice(message);
      } else if (!fleet.onMessage(topic, message)) {
        log.debug("uplink {}: message on unexpected topic {} ignored", config.kioskId(), topic);
      }
    }
  }
}
