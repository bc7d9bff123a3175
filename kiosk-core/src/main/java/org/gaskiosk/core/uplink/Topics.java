package org.gaskiosk.core.uplink;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The topic tree of the central-system contract, version 1 ({@code kiosk/v1/{kioskId}/...}). Both
 * sides build topics here so that the layout is written down once.
 *
 * @param kioskId the kiosk's id; a single topic level of letters, digits, {@code . _ -}
 */
public record Topics(String kioskId) {
  /** Root of every topic of this contract version. */
  public static final String ROOT = "kiosk/v1/";

  /** What the central system subscribes to for every kiosk's events. */
  public static final String ALL_EVENTS = ROOT + "+/evt";

  /** What the central system subscribes to for every kiosk's requests. */
  public static final String ALL_REQUESTS = ROOT + "+/req/#";

  /** What a fleet monitor subscribes to for every kiosk's presence. */
  public static final String ALL_STATUS = ROOT + "+/status";

  /** What a fleet monitor subscribes to for every kiosk's telemetry. */
  public static final String ALL_TELEMETRY = ROOT + "+/tele";

  private static final Pattern KIOSK_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public Topics {
    if (kioskId == null || !KIOSK_ID.matcher(kioskId).matches()) {
      throw new IllegalArgumentException(
          "kioskId must be 1-64 letters, digits, '.', '_' or '-' (one topic level): " + kioskId);
    }
  }

  public static boolean isValidKioskId(String kioskId) {
    return kioskId != null && KIOSK_ID.matcher(kioskId).matches();
  }

  /** Retained presence, kiosk to central. */
  public String status() {
    return ROOT + kioskId + "/status";
  }

  /** Event batches, kiosk to central. */
  public String events() {
    return ROOT + kioskId + "/evt";
  }

  /** {@code {ackUpTo: seq}}, central to kiosk. */
  public String ack() {
    return ROOT + kioskId + "/ack";
  }

  /** An online question, kiosk to central. */
  public String request(String op) {
    return ROOT + kioskId + "/req/" + op;
  }

  /** Answers to requests, central to kiosk (the response topic of every request). */
  public String responses() {
    return ROOT + kioskId + "/res";
  }

  /** Health every minute, kiosk to central (QoS 0, message expiry). */
  public String telemetry() {
    return ROOT + kioskId + "/tele";
  }

  /** A signed remote command, central to kiosk. */
  public String command(String name) {
    return ROOT + kioskId + "/cmd/" + name;
  }

  /** What the kiosk subscribes to for its commands. */
  public String commands() {
    return ROOT + kioskId + "/cmd/+";
  }

  /** QR payment notifications ({@code qr.paid/1}), central to kiosk, QoS 1; duplicates harmless. */
  public String qrNotices() {
    return ROOT + kioskId + "/qr";
  }

  /** Signed, versioned configuration, retained, central to kiosk. */
  public String config() {
    return ROOT + kioskId + "/cfg";
  }

  /**
   * The kiosk id and the rest of a topic of this contract: {@code kiosk/v1/K1/req/card.lookup}
   * gives {@code ("K1", "req/card.lookup")}; empty when the topic is not one of ours.
   */
  public static Optional<Parsed> parse(String topic) {
    if (topic == null || !topic.startsWith(ROOT)) {
      return Optional.empty();
    }
    String rest = topic.substring(ROOT.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      return Optional.empty();
    }
    String id = rest.substring(0, slash);
    if (!isValidKioskId(id)) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(id, rest.substring(slash + 1)));
  }

  /**
   * A parsed topic.
   *
   * @param kioskId the kiosk the topic belongs to
   * @param suffix what follows the kiosk id, e.g. {@code evt} or {@code req/card.lookup}
   */
  public record Parsed(String kioskId, String suffix) {}
}
