package org.gaskiosk.core.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
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

/**
 * The kiosk's link to the central system without a broker, for simulation campaigns that must run
 * thousands of sessions deterministically: the same payloads ({@link UplinkCodec}) and the same
 * outbox pump ({@link OutboxPump}, rows deleted only on the central system's ack) as {@link
 * MqttUplink}, but handed to an in-process {@link Transport} synchronously. Nothing happens on its
 * own: the owner calls {@link #drain()} when it wants the outbox published, so a run is a function
 * of its inputs. The link can be taken down and brought back ({@link #setConnected}).
 *
 * <p>Not for production: there is no network here. Thread-safe by one lock.
 */
public final class InMemoryUplink implements CentralSystem {

  /** The central system's end: answers requests and commits event batches. */
  public interface Transport {
    /** The answer to one request, or empty when it got lost. */
    Optional<byte[]> request(String kioskId, String op, byte[] payload);

    /** Commits one batch; the ackUpTo that comes back, or empty when no ack arrives. */
    OptionalLong events(String kioskId, byte[] batch);
  }

  private final String kioskId;
  private final OutboxStore outbox;
  private final Clock clock;
  private final Transport transport;
  private final UplinkCodec codec = new UplinkCodec();
  private final OutboxPump pump;
  private final Deque<byte[]> published = new ArrayDeque<>();
  private boolean connected;
  private volatile QrPaidNotice.Listener qrListener;

  /**
   * @param ackTimeout how long (on {@code clock}) a batch waits for its ack before everything
   *     unacknowledged is sent again
   */
  public InMemoryUplink(
      String kioskId, OutboxStore outbox, Clock clock, Duration ackTimeout, Transport transport) {
    this.kioskId = Objects.requireNonNull(kioskId);
    this.outbox = Objects.requireNonNull(outbox);
    this.clock = Objects.requireNonNull(clock);
    this.transport = Objects.requireNonNull(transport);
    this.pump =
        new OutboxPump(
            outbox,
            codec,
            kioskId,
            UUID.randomUUID().toString(),
            50,
            4,
            ackTimeout,
            () -> clock.millis() * 1_000_000L,
            published::addLast);
  }

  /** Brings the link up (everything unacknowledged is sent again at the next drain) or down. */
  public synchronized void setConnected(boolean up) {
    if (up == connected) {
      return;
    }
    connected = up;
    if (up) {
      pump.connected(Integer.MAX_VALUE);
    } else {
      pump.disconnected();
      published.clear();
    }
  }

  public synchronized boolean isConnected() {
    return connected;
  }

  /**
   * Publishes what the outbox holds, one batch after another, applying each ack as it comes back.
   *
   * @param loseAcks whether the central system's acks get lost on the way back this time
   * @return the outbox depth afterwards
   */
  public synchronized long drain(boolean loseAcks) {
    if (!connected) {
      return outbox.depth();
    }
    pump.pump();
    while (!published.isEmpty()) {
      byte[] batch = published.removeFirst();
      OptionalLong ack = transport.events(kioskId, batch);
      if (ack.isPresent() && !loseAcks) {
        pump.acked(ack.getAsLong());
      }
    }
    return outbox.depth();
  }

  @Override
  public LookupResult lookup(LookupRequest request) {
    return ask(
        "card.lookup",
        codec.lookupRequest(kioskId, request, clock.instant()),
        codec::lookupResult,
        LookupResult.Unreachable::new);
  }

  @Override
  public AuthorizeResult authorize(AuthorizeRequest request) {
    return ask(
        "load.authorize",
        codec.authorizeRequest(kioskId, request, clock.instant()),
        codec::authorizeResult,
        AuthorizeResult.Unreachable::new);
  }

  @Override
  public CardServiceResult cardService(CardServiceRequest request) {
    return ask(
        "card.service",
        codec.cardServiceRequest(kioskId, request, clock.instant()),
        codec::cardServiceResult,
        CardServiceResult.Unreachable::new);
  }

  @Override
  public QrResult qr(QrRequest request) {
    return ask(
        QrCodec.op(request),
        QrCodec.request(kioskId, request, clock.instant()),
        QrCodec::result,
        QrResult.Unreachable::new);
  }

  @Override
  public void onQrPaid(QrPaidNotice.Listener listener) {
    this.qrListener = listener;
  }

  /**
   * A {@code qr.paid/1} notification the central system pushes to this kiosk (its {@code
   * kiosk/v1/{id}/qr} topic), handed over on the caller's thread when the owner decides, so a
   * campaign delivers it at a step of its choosing. Like a real subscription it arrives only while
   * the link is up; a malformed one is dropped as {@link MqttUplink} drops it.
   *
   * @return whether the notice reached a listener
   */
  public boolean deliverQrNotice(byte[] payload) {
    QrPaidNotice notice;
    synchronized (this) {
      if (!connected) {
        return false;
      }
    }
    try {
      notice = QrCodec.paidNotice(codec.read(payload));
    } catch (UplinkCodec.Malformed e) {
      return false;
    }
    QrPaidNotice.Listener l = qrListener;
    if (l == null) {
      return false;
    }
    l.onQrPaid(notice);
    return true;
  }

  @Override
  public synchronized boolean connected() {
    return connected;
  }

  private <T> T ask(
      String op, byte[] payload, Function<JsonNode, T> decode, Function<String, T> unreachable) {
    synchronized (this) {
      if (!connected) {
        return unreachable.apply("not connected; " + op + " not sent");
      }
    }
    Optional<byte[]> answer = transport.request(kioskId, op, payload);
    if (answer.isEmpty()) {
      return unreachable.apply("no answer to " + op);
    }
    try {
      return decode.apply(codec.read(answer.get()));
    } catch (UplinkCodec.Malformed e) {
      return unreachable.apply("malformed answer to " + op + ": " + e.getMessage());
    }
  }
}
