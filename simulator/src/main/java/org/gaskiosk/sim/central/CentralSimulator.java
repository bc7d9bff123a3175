package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.gaskiosk.core.fleet.FleetDocuments;
import org.gaskiosk.core.port.LookupResult.Safety;
import org.gaskiosk.core.uplink.Backoff;
import org.gaskiosk.core.uplink.ConnectionSupervisor;
import org.gaskiosk.core.uplink.NoDelaySockets;
import org.gaskiosk.core.uplink.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gas company's central system, simulated: one MQTT client on the fleet's broker that answers
 * every kiosk's {@code card.lookup} and {@code load.authorize} (holding the accounts, the orders
 * and the HSM role) and commits every kiosk's events to its ledger before acknowledging them
 * (contract: docs/mqtt.md).
 *
 * <p>Messages are handled one at a time on one worker thread; the state is written atomically to
 * {@code dataFolder/central/state.json} after every change and before any ack or answer leaves. A
 * malformed message is logged and counted, never fatal. The control methods (accounts, orders,
 * ledger) are thread-safe and commit before they return.
 */
public final class CentralSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CentralSimulator.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PUBLISH_WAIT = Duration.ofSeconds(5);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);
  private static final long ANSWER_EXPIRY_SECONDS = 60;

  private final CentralConfig config;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor executor;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<String, JsonNode> presence = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> telemetry = new ConcurrentHashMap<>();
  private final FleetView fleetView;
  private volatile CentralService service;
  private volatile CommandKeys commandKeys;
  private volatile ConnectionSupervisor supervisor;
  private volatile boolean subscribed;
  private final Object subscription = new Object();

  public CentralSimulator(CentralConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.fleetView = new FleetView(clock);
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "central-sim");
              t.setDaemon(true);
              return t;
            });
  }

  /** Loads the committed state (or starts empty), then connects, and keeps reconnecting. */
  public void start() throws IOException {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("the central simulator was already started or closed");
    }
    LoadKeys keys =
        config.loadKeys() != null
            ? config.loadKeys()
            : LoadKeys.loadOrCreate(config.masterKeyFile());
    service = new CentralService(new StateFile(config.stateFile()), keys, clock);
    commandKeys = CommandKeys.loadOrCreate(config.stateFile().getParent());
    supervisor =
        new ConnectionSupervisor(
            "central " + config.clientId(),
            config.brokerUri(),
            config.clientId(),
            this::options,
            new Backoff(
                Duration.ofMillis(200), Duration.ofSeconds(10), RandomGenerator.getDefault()),
            executor,
            new Handler());
    supervisor.start();
    log.info("central simulator starting: {}, {} accounts", config, accounts().size());
  }

  /** Connected and subscribed to every kiosk's events and requests. */
  public boolean isConnected() {
    return supervisor != null && supervisor.isConnected() && subscribed;
  }

  /**
   * Waits until the central simulator is subscribed. A kiosk started before that publishes its
   * first event batch into the void (the central's first session does not exist yet), and every
   * later batch then arrives after a gap until the kiosk's ack timeout sends it all again.
   *
   * @return whether it subscribed within {@code timeout}
   */
  public boolean awaitSubscribed(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (subscription) {
      while (!isConnected()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        subscription.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * {@link #awaitSubscribed}, for callers that cannot go on without the central (tests, the bench):
   * not subscribed within {@code timeout} is an error.
   */
  public void requireSubscribed(Duration timeout) throws InterruptedException {
    if (!awaitSubscribed(timeout)) {
      throw new IllegalStateException(
          "the central simulator did not subscribe within " + timeout + " (" + config + ")");
    }
  }

  private void setSubscribed(boolean value) {
    synchronized (subscription) {
      subscribed = value;
      subscription.notifyAll();
    }
  }

  /** Adds or replaces an account (committed when this returns). */
  public void putAccount(Account account) {
    service().putAccount(account);
  }

  public List<Account> accounts() {
    return service().accounts();
  }

  public Optional<Account> account(String cardNo) {
    return service().account(cardNo);
  }

  /** Puts an account under a safety status (HOLD refuses fresh purchases). */
  public void setSafety(String cardNo, Safety safety, String notice) {
    service().setSafety(cardNo, safety, notice);
  }

  /** An order paid elsewhere (app, counter) waiting to be loaded: returns its orderId. */
  public String createOrder(String cardNo, long amount, long money) {
    return createOrder(cardNo, amount, money, "online order");
  }

  public String createOrder(String cardNo, long amount, long money, String description) {
    return service().createOrder(cardNo, amount, money, description);
  }

  /** Each daily settlement the kiosks sent, reconciled against the ledger: matches, differences. */
  public List<Map<String, Object>> settlements() {
    return service().settlements();
  }

  /** The meter alerts ({@code alert.meter}) committed so far, one per reading, by readingId. */
  public Map<String, MeterAlert> meterAlerts() {
    return service().meterAlerts();
  }

  /** Loads kiosks started writing (txn.writing) and what became of them, by txnId. */
  public Map<String, UncertainLoad> uncertainLoads() {
    return service().uncertainLoads();
  }

  /** The residents' service requests and ratings committed so far (a copy). */
  public ResidentRecords residents() {
    return service().residents();
  }

  /** What is committed now. */
  public LedgerSnapshot ledger() {
    return service().ledger();
  }

  /**
   * Waits until the committed ledger satisfies {@code condition}; returns that snapshot.
   *
   * @throws IllegalStateException on timeout, naming the counters reached
   */
  public LedgerSnapshot awaitLedger(Predicate<LedgerSnapshot> condition, Duration timeout) {
    return service().awaitLedger(condition, timeout);
  }

  /** The public half of the command key: what every kiosk's configuration names. */
  public PublicKey commandPublicKey() {
    return commandKeys().publicKey();
  }

  /** The command key's public half as a PEM file in the data folder. */
  public Path commandPublicKeyFile() {
    return commandKeys().publicKeyFile();
  }

  /**
   * Signs and sends a remote command; its result comes back as a {@code cmd.result} event ({@link
   * #fleet}).
   *
   * @return the cmdId
   */
  public String sendCommand(String kioskId, String name, JsonNode args, Duration validity) {
    String cmdId = "cmd-" + UUID.randomUUID();
    byte[] doc =
        FleetDocuments.command(
            kioskId, name, cmdId, clock.instant(), clock.instant().plus(validity), args);
    publishBytes(new Topics(kioskId).command(name), commandKeys().sign(doc), false);
    return cmdId;
  }

  /** Signs and publishes configuration {@code version} on the kiosk's retained {@code cfg}. */
  public void pushConfig(String kioskId, long version, JsonNode config) {
    byte[] doc = FleetDocuments.config(kioskId, version, clock.instant(), config);
    publishBytes(new Topics(kioskId).config(), commandKeys().sign(doc), true);
  }

  /** What the fleet events of {@code kioskId} said so far. */
  public FleetRecord fleet(String kioskId) {
    return service().fleet(kioskId);
  }

  public FleetRecord awaitFleet(
      String kioskId, Predicate<FleetRecord> condition, Duration timeout) {
    return service().awaitFleet(kioskId, condition, timeout);
  }

  /** The kiosk's last retained presence, if seen. */
  public Optional<JsonNode> presence(String kioskId) {
    return Optional.ofNullable(presence.get(kioskId));
  }

  /** The kiosk's last telemetry, if any arrived since this simulator started. */
  public Optional<JsonNode> telemetry(String kioskId) {
    return Optional.ofNullable(telemetry.get(kioskId));
  }

  /**
   * The fleet console's document: every kiosk's presence (since when), mode, open faults, last
   * telemetry and its age, outbox depth, last central contact (docs/automation-api.md).
   */
  public ObjectNode fleetConsole() {
    return fleetView.console(ledger().kiosks().keySet(), this::fleet);
  }

  /** The simulated payment provider's knobs (decline, slow confirmation, paid late, ...). */
  public PaymentProvider payments() {
    return service().payments();
  }

  /**
   * The resident's wallet pays QR payment {@code txnId} (a shown QR, or a late confirmation); the
   * kiosk is notified. A payment the kiosk already cancelled is refunded instead.
   */
  public QrCharge walletPays(String txnId) {
    QrCharge c = service().walletPays(txnId);
    publishQrNotices();
    return c;
  }

  /** Every QR payment the provider knows, by txnId (committed state). */
  public Map<String, QrCharge> qrCharges() {
    return service().qrCharges();
  }

  private void publishQrNotices() {
    for (PaymentProvider.Notice n : service().drainNotices()) {
      try {
        // Best effort: a lost notice is harmless, the kiosk asks (qr.cancel) about open payments.
        WindowedPublish.publish(
            supervisor,
            new Topics(n.kioskId()).qrNotices(),
            n.payload(),
            false,
            null,
            PUBLISH_WAIT);
      } catch (MqttException | RuntimeException e) {
        log.warn("central: QR notice to kiosk {} not sent: {}", n.kioskId(), e.toString());
      }
    }
  }

  /** Disconnects and stops the worker; the state is already on disk. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (supervisor != null) {
      supervisor.close(CLOSE_TIMEOUT);
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("central simulator closed");
  }

  private CommandKeys commandKeys() {
    CommandKeys k = commandKeys;
    if (k == null) {
      throw new IllegalStateException("start() the central simulator first");
    }
    return k;
  }

  private void publishBytes(String topic, byte[] payload, boolean retained) {
    try {
      WindowedPublish.publish(supervisor, topic, payload, retained, null, PUBLISH_WAIT);
    } catch (MqttException e) {
      throw new IllegalStateException("cannot publish to " + topic + ": " + e, e);
    }
  }

  private CentralService service() {
    CentralService s = service;
    if (s == null) {
      throw new IllegalStateException("start() the central simulator first");
    }
    return s;
  }

  private void dispatch(String topic, byte[] payload, String responseTopic, byte[] correlation) {
    Optional<Topics.Parsed> parsed = Topics.parse(topic);
    if (parsed.isEmpty()) {
      log.warn("central: message on foreign topic {} ignored", topic);
      return;
    }
    String kioskId = parsed.get().kioskId();
    String suffix = parsed.get().suffix();
    try {
      if (suffix.equals("status") || suffix.equals("tele")) {
        JsonNode n = JSON.readTree(payload);
        (suffix.equals("status") ? presence : telemetry).put(kioskId, n);
        if (suffix.equals("status")) {
          fleetView.presence(kioskId, n);
        } else {
          fleetView.telemetry(kioskId, n);
        }
      } else if (suffix.equals("evt")) {
        long ackUpTo = service.onEvents(kioskId, payload);
        if (ackUpTo > 0) {
          publish(
              new Topics(kioskId).ack(),
              JSON.createObjectNode().put("ackUpTo", ackUpTo),
              new MqttProperties());
        }
      } else if (suffix.startsWith("req/")) {
        request(kioskId, suffix.substring(4), payload, responseTopic, correlation);
      }
    } catch (RuntimeException | IOException e) {
      log.error("central: message on {} could not be handled", topic, e);
    }
  }

  private void request(
      String kioskId, String op, byte[] payload, String responseTopic, byte[] correlation) {
    if (correlation == null || !new Topics(kioskId).responses().equals(responseTopic)) {
      // Answering on another topic would let one kiosk read another's answers.
      service.rejectUnanswerable();
      log.warn(
          "central: {} from kiosk {} ignored: response topic {}, correlation data {}",
          op,
          kioskId,
          responseTopic,
          correlation == null ? "missing" : "present");
      return;
    }
    ObjectNode answer = service.onRequest(kioskId, op, payload);
    publishQrNotices();
    if (answer == null) {
      return;
    }
    MqttProperties props = new MqttProperties();
    props.setCorrelationData(correlation);
    props.setMessageExpiryInterval(ANSWER_EXPIRY_SECONDS);
    props.setPayloadFormat(true);
    publish(responseTopic, answer, props);
  }

  private void publish(String topic, ObjectNode body, MqttProperties props) {
    try {
      WindowedPublish.publish(
          supervisor, topic, JSON.writeValueAsBytes(body), false, props, PUBLISH_WAIT);
    } catch (MqttException | IOException e) {
      // The kiosk asks again (requests) or sends again (events): nothing is lost here.
      log.warn("central: cannot publish to {}: {}", topic, e.toString());
    }
  }

  private MqttConnectionOptions options() {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setSocketFactory(NoDelaySockets.forUri(config.brokerUri()));
    o.setCleanStart(false);
    o.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
    o.setAutomaticReconnect(false);
    o.setKeepAliveInterval(30);
    o.setConnectionTimeout(10);
    if (config.username() != null) {
      o.setUserName(config.username());
    }
    if (config.password() != null) {
      o.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
    }
    return o;
  }

  private final class Handler implements ConnectionSupervisor.Handler {
    @Override
    public void connected(int serverReceiveMaximum, boolean sessionPresent) {
      setSubscribed(false);
      try {
        supervisor.subscribe(
            new String[] {
              Topics.ALL_EVENTS, Topics.ALL_REQUESTS, Topics.ALL_STATUS, Topics.ALL_TELEMETRY
            },
            new MqttActionListener() {
              @Override
              public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                for (int rc : codes == null ? new int[0] : codes) {
                  if (rc >= 0x80) {
                    log.error("central: broker refused a subscription (reason {})", rc);
                    return;
                  }
                }
                setSubscribed(true);
                log.info("central: subscribed to every kiosk's events and requests");
              }

              @Override
              public void onFailure(IMqttToken token, Throwable cause) {
                log.error("central: subscription failed: {}", String.valueOf(cause));
              }
            });
      } catch (MqttException e) {
        log.error("central: cannot subscribe: {}", e.toString());
      }
    }

    @Override
    public void disconnected(String reason) {
      setSubscribed(false);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      MqttProperties p = message.getProperties();
      String responseTopic = p == null ? null : p.getResponseTopic();
      byte[] correlation = p == null ? null : p.getCorrelationData();
      byte[] payload = message.getPayload();
      try {
        executor.execute(() -> dispatch(topic, payload, responseTopic, correlation));
      } catch (RejectedExecutionException e) {
        log.debug("central: closed, message on {} dropped (the kiosk will send again)", topic);
      }
    }
  }
}
