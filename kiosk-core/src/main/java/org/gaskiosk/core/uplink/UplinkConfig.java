package org.gaskiosk.core.uplink;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * How a kiosk reaches the central system. Start from {@link #defaults(String, String)} and change
 * what differs with the {@code with...} methods.
 *
 * @param brokerUri e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}
 * @param kioskId the kiosk's id: a topic level and the base of the MQTT client id
 * @param username broker user name, or null for none (brokers with ACLs use it as {@code %u})
 * @param password broker password, or null for none; never logged
 * @param softwareVersion reported in the presence message
 * @param requestTimeout how long {@code card.lookup} and {@code load.authorize} wait for an answer;
 *     also the requests' message expiry
 * @param sessionExpiry how long the broker keeps the session (subscriptions and messages queued for
 *     the kiosk) while the kiosk is offline; clean start is always off
 * @param willDelay how long the broker waits after an unclean loss before publishing the {@code
 *     lost} presence (a reconnect within it cancels the will); must not exceed {@code
 *     sessionExpiry}
 * @param batchSize most events per {@code evt} message
 * @param inFlightWindow most event batches sent and not yet acknowledged by the central system;
 *     further capped below the broker's Receive Maximum
 * @param ackTimeout a batch not acknowledged within this time is sent again with everything after
 *     it
 * @param retryInterval how often the outbox is looked at without an append or an ack
 * @param reconnectMin first reconnect delay ceiling
 * @param reconnectMax largest reconnect delay ceiling
 * @param connectTimeout how long one connection attempt may take
 * @param keepAlive MQTT keep-alive
 * @param socketFactory the sockets to use (TLS, or a simulated network switch); null for the JVM's
 *     defaults, which for an {@code ssl://} URI verify the broker against the JVM's CAs
 * @param demoTls true only in the demo: TLS that accepts any broker certificate and host name (see
 *     {@link #withDemoTls()})
 */
public record UplinkConfig(
    String brokerUri,
    String kioskId,
    String username,
    String password,
    String softwareVersion,
    Duration requestTimeout,
    Duration sessionExpiry,
    Duration willDelay,
    int batchSize,
    int inFlightWindow,
    Duration ackTimeout,
    Duration retryInterval,
    Duration reconnectMin,
    Duration reconnectMax,
    Duration connectTimeout,
    Duration keepAlive,
    SocketFactory socketFactory,
    boolean demoTls) {

  public UplinkConfig {
    Objects.requireNonNull(brokerUri, "brokerUri");
    new Topics(kioskId); // validates the id
    Objects.requireNonNull(softwareVersion, "softwareVersion");
    positive(requestTimeout, "requestTimeout");
    positive(sessionExpiry, "sessionExpiry");
    Objects.requireNonNull(willDelay, "willDelay");
    positive(ackTimeout, "ackTimeout");
    positive(retryInterval, "retryInterval");
    positive(connectTimeout, "connectTimeout");
    positive(keepAlive, "keepAlive");
    if (willDelay.isNegative() || willDelay.compareTo(sessionExpiry) > 0) {
      throw new IllegalArgumentException(
          "willDelay must be between 0 and sessionExpiry: the broker publishes the will when the"
              + " session ends even if the delay has not passed");
    }
    if (batchSize < 1 || inFlightWindow < 1) {
      throw new IllegalArgumentException("batchSize and inFlightWindow must be at least 1");
    }
    if (demoTls && !brokerUri.startsWith("ssl://")) {
      throw new IllegalArgumentException("demo TLS needs an ssl:// broker URI, got " + brokerUri);
    }
    if (password != null && username == null) {
      throw new IllegalArgumentException("a password needs a username");
    }
    new Backoff(reconnectMin, reconnectMax, RandomGenerator.getDefault());
  }

  /**
   * Production defaults: 10 s request timeout, 7 days of session, 30 s will delay, batches of 50, 4
   * batches in flight, re-send after 30 s, reconnect between 1 s and 2 min.
   */
  public static UplinkConfig defaults(String brokerUri, String kioskId) {
    return new UplinkConfig(
        brokerUri,
        kioskId,
        null,
        null,
        "dev",
        Duration.ofSeconds(10),
        Duration.ofDays(7),
        Duration.ofSeconds(30),
        50,
        4,
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        Duration.ofSeconds(1),
        Duration.ofMinutes(2),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        null,
        false);
  }

  /** The MQTT client id: one per kiosk, stable across restarts so that the session survives. */
  public String clientId() {
    return "kiosk-" + kioskId;
  }

  public Topics topics() {
    return new Topics(kioskId);
  }

  public UplinkConfig withCredentials(String username, String password) {
    return with(
        d -> {
          d.username = username;
          d.password = password;
        });
  }

  public UplinkConfig withSoftwareVersion(String softwareVersion) {
    return with(d -> d.softwareVersion = softwareVersion);
  }

  public UplinkConfig withRequestTimeout(Duration requestTimeout) {
    return with(d -> d.requestTimeout = requestTimeout);
  }

  public UplinkConfig withSession(Duration sessionExpiry, Duration willDelay) {
    return with(
        d -> {
          d.sessionExpiry = sessionExpiry;
          d.willDelay = willDelay;
        });
  }

  public UplinkConfig withOutbox(
      int batchSize, int inFlightWindow, Duration ackTimeout, Duration retryInterval) {
    return with(
        d -> {
          d.batchSize = batchSize;
          d.inFlightWindow = inFlightWindow;
          d.ackTimeout = ackTimeout;
          d.retryInterval = retryInterval;
        });
  }

  public UplinkConfig withReconnect(Duration reconnectMin, Duration reconnectMax) {
    return with(
        d -> {
          d.reconnectMin = reconnectMin;
          d.reconnectMax = reconnectMax;
        });
  }

  /** Plain sockets from {@code socketFactory} (e.g. a simulated network switch); not demo TLS. */
  public UplinkConfig withSocketFactory(SocketFactory socketFactory) {
    return with(
        d -> {
          d.socketFactory = socketFactory;
          d.demoTls = false;
        });
  }

  /**
   * TLS that verifies the broker's certificate against the CA certificates in {@code caPem} only
   * (the fleet's own CA), and its host name against the URI. Needs an {@code ssl://} URI.
   */
  public UplinkConfig withBrokerCa(Path caPem) {
    if (!brokerUri.startsWith("ssl://")) {
      throw new IllegalArgumentException(
          "a broker CA needs an ssl:// broker URI, got " + brokerUri);
    }
    return withSocketFactory(BrokerTls.trustingCaFile(caPem));
  }

  /**
   * TLS that accepts any broker certificate and host name: the traffic is encrypted but the kiosk
   * does not know who it talks to, so credentials and commands could go to an impostor. For the
   * demo against a broker with a self-made certificate only; the uplink says so at every start.
   */
  public UplinkConfig withDemoTls() {
    SocketFactory trustingAnything = BrokerTls.trustingAnything();
    return with(
        d -> {
          d.socketFactory = trustingAnything;
          d.demoTls = true;
        });
  }

  /** A copy with what {@code edit} changes, validated anew by the canonical constructor. */
  private UplinkConfig with(Consumer<Draft> edit) {
    Draft d = new Draft(this);
    edit.accept(d);
    return d.build();
  }

  /** The record's components, mutable for one {@code with...} call. */
  private static final class Draft {
    String brokerUri;
    String kioskId;
    String username;
    String password;
    String softwareVersion;
    Duration requestTimeout;
    Duration sessionExpiry;
    Duration willDelay;
    int batchSize;
    int inFlightWindow;
    Duration ackTimeout;
    Duration retryInterval;
    Duration reconnectMin;
    Duration reconnectMax;
    Duration connectTimeout;
    Duration keepAlive;
    SocketFactory socketFactory;
    boolean demoTls;

    Draft(UplinkConfig c) {
      brokerUri = c.brokerUri;
      kioskId = c.kioskId;
      username = c.username;
      password = c.password;
      softwareVersion = c.softwareVersion;
      requestTimeout = c.requestTimeout;
      sessionExpiry = c.sessionExpiry;
      willDelay = c.willDelay;
      batchSize = c.batchSize;
      inFlightWindow = c.inFlightWindow;
      ackTimeout = c.ackTimeout;
      retryInterval = c.retryInterval;
      reconnectMin = c.reconnectMin;
      reconnectMax = c.reconnectMax;
      connectTimeout = c.connectTimeout;
      keepAlive = c.keepAlive;
      socketFactory = c.socketFactory;
      demoTls = c.demoTls;
    }

    UplinkConfig build() {
      return new UplinkConfig(
          brokerUri,
          kioskId,
          username,
          password,
          softwareVersion,
          requestTimeout,
          sessionExpiry,
          willDelay,
          batchSize,
          inFlightWindow,
          ackTimeout,
          retryInterval,
          reconnectMin,
          reconnectMax,
          connectTimeout,
          keepAlive,
          socketFactory,
          demoTls);
    }
  }

  /**
   * The Paho options of every connection attempt: clean start off with a session expiry (without
   * one, clean start off still drops the session at every disconnect), Paho's own reconnect off
   * (the supervisor reconnects), and the retained {@code lost} presence as will after the delay.
   */
  MqttConnectionOptions connectionOptions(byte[] lostPresence) {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false);
    o.setSessionExpiryInterval(sessionExpiry.toSeconds());
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout((int) Math.max(1, connectTimeout.toSeconds()));
    o.setKeepAliveInterval((int) Math.max(1, keepAlive.toSeconds()));
    if (username != null) {
      o.setUserName(username);
    }
    if (password != null) {
      o.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    o.setSocketFactory(
        socketFactory != null
            ? NoDelaySockets.wrap(socketFactory)
            : NoDelaySockets.forUri(brokerUri));
    // Paho verifies the host name by default; only the demo's trust-anything TLS turns it off.
    o.setHttpsHostnameVerificationEnabled(!demoTls);
    MqttProperties willProps = new MqttProperties();
    willProps.setWillDelayInterval(willDelay.toSeconds());
    o.setWillMessageProperties(willProps);
    o.setWill(topics().status(), new MqttMessage(lostPresence, 1, true, new MqttProperties()));
    return o;
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "UplinkConfig[brokerUri="
        + brokerUri
        + ", kioskId="
        + kioskId
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", requestTimeout="
        + requestTimeout
        + ", sessionExpiry="
        + sessionExpiry
        + ", willDelay="
        + willDelay
        + ", batchSize="
        + batchSize
        + ", inFlightWindow="
        + inFlightWindow
        + ", ackTimeout="
        + ackTimeout
        + (demoTls ? ", DEMO TLS: broker certificate NOT verified" : "")
        + "]";
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
