package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.gaskiosk.sim.central.Fields.Rejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The central system's payment provider, simulated: answers {@code qr.charge}, {@code qr.create}
 * and {@code qr.cancel} idempotently by txnId, takes the resident's money when the wallet pays, and
 * queues {@code qr.paid/1} notifications for the kiosk. Never takes money for a payment the kiosk
 * cancelled: a wallet that pays after the cancel is refunded at once.
 *
 * <p>Knobs (volatile, not persisted) make it misbehave the way real providers do: decline, slow
 * confirmation, a confirmation that lands only as the kiosk cancels ("paid late"), duplicate
 * notifications, and cancels left unanswered. Request handling runs under the simulator's lock.
 */
public final class PaymentProvider {
  private static final Logger log = LoggerFactory.getLogger(PaymentProvider.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CODE = Pattern.compile("\\d{18}");
  static final String RESULT = "qr.result/1";

  /** A notification to publish to a kiosk after the state is committed. */
  record Notice(String kioskId, byte[] payload) {}

  private volatile boolean decline;
  private volatile int confirmAfterPolls;
  private volatile boolean payOnlyAtCancel;
  private volatile int noticeCopies = 1;
  private volatile boolean ignoreCancels;
  private volatile Duration qrLifetime = Duration.ofMinutes(2);

  private final Map<String, QrCharge> charges;
  private final Clock clock;
  private final List<Notice> notices = new ArrayList<>();

  PaymentProvider(Map<String, QrCharge> charges, Clock clock) {
    this.charges = charges;
    this.clock = clock;
  }

  // ---- knobs --------------------------------------------------------------------------------

  /** Every new payment is declined (insufficient balance). */
  public PaymentProvider decline(boolean on) {
    this.decline = on;
    return this;
  }

  /** A scanned code answers "confirming" to the first {@code polls} charges, then is paid. */
  public PaymentProvider confirmAfterPolls(int polls) {
    this.confirmAfterPolls = Math.max(0, polls);
    return this;
  }

  /**
   * Paid late: the wallet confirms only as the kiosk gives up, so the cancel finds the money taken.
   */
  public PaymentProvider payOnlyAtCancel(boolean on) {
    this.payOnlyAtCancel = on;
    return this;
  }

  /** How many times each paid notification is sent (duplicates must be harmless). */
  public PaymentProvider noticeCopies(int copies) {
    this.noticeCopies = Math.max(1, copies);
    return this;
  }

  /** Cancels get no answer at all (the kiosk sees the provider unreachable). */
  public PaymentProvider ignoreCancels(boolean on) {
    this.ignoreCancels = on;
    return this;
  }

  /** How long a created payment QR may be paid. */
  public PaymentProvider qrLifetime(Duration lifetime) {
    this.qrLifetime = lifetime;
    return this;
  }

  /** Back to a well-behaved provider. */
  public PaymentProvider reset() {
    decline = false;
    confirmAfterPolls = 0;
    payOnlyAtCancel = false;
    noticeCopies = 1;
    ignoreCancels = false;
    qrLifetime = Duration.ofMinutes(2);
    return this;
  }

  // ---- requests (under the simulator's lock) ------------------------------------------------

  ObjectNode charge(String kioskId, JsonNode req, String now) {
    String requestId = Fields.text(req, "requestId");
    String txnId = Fields.text(req, "txnId");
    String code = Fields.text(req, "code");
    long money = positive(req);
    QrCharge c = existing(kioskId, txnId, money);
    if (c == null) {
      String masked = code.length() >= 8 ? code.substring(0, 4) + "..." : "****";
      c =
          new QrCharge(
              txnId,
              kioskId,
              "qr-scan",
              Fields.optionalText(req, "cardNo", ""),
              money,
              masked,
              "confirming",
              null,
              null,
              null,
              0,
              now,
              null,
              null);
      if (!CODE.matcher(code).matches()) {
        charges.put(txnId, c.withStatus("declined"));
        return declined(answer(requestId, txnId), "invalid-code", "not a wallet payment code");
      }
      if (decline) {
        charges.put(txnId, c.withStatus("declined"));
        return declined(answer(requestId, txnId), "declined", "insufficient balance in the wallet");
      }
    }
    if (c.status().equals("confirming")) {
      c = c.polled();
      if (!payOnlyAtCancel && c.polls() > confirmAfterPolls) {
        c = take(c, now);
      }
    }
    charges.put(txnId, c);
    return state(answer(requestId, txnId), c);
  }

  ObjectNode create(String kioskId, JsonNode req, String now) {
    String requestId = Fields.text(req, "requestId");
    String txnId = Fields.text(req, "txnId");
    long money = positive(req);
    QrCharge c = existing(kioskId, txnId, money);
    if (c == null) {
      if (decline) {
        c =
            new QrCharge(
                txnId,
                kioskId,
                "qr-show",
                Fields.optionalText(req, "cardNo", ""),
                money,
                null,
                "declined",
                null,
                null,
                null,
                0,
                now,
                null,
                null);
        charges.put(txnId, c);
        return declined(answer(requestId, txnId), "declined", "the provider refused the payment");
      }
      String token = UUID.randomUUID().toString().replace("-", "");
      c =
          new QrCharge(
              txnId,
              kioskId,
              "qr-show",
              Fields.optionalText(req, "cardNo", ""),
              money,
              null,
              "shown",
              null,
              "https://pay.gaskiosk.example/qr/" + token,
              clock.instant().plus(qrLifetime).toString(),
              0,
              now,
              null,
              null);
      charges.put(txnId, c);
    }
    return state(answer(requestId, txnId), c);
  }

  /** The answer, or null when the knob says to leave the cancel unanswered. */
  ObjectNode cancel(String kioskId, JsonNode req, String now) {
    String requestId = Fields.text(req, "requestId");
    String txnId = Fields.text(req, "txnId");
    if (ignoreCancels) {
      log.info("provider: cancel of {} left unanswered (knob)", txnId);
      return null;
    }
    QrCharge c = charges.get(txnId);
    if (c != null && !c.kioskId().equals(kioskId)) {
      throw new Rejected("txn " + txnId + " belongs to another kiosk");
    }
    ObjectNode res = answer(requestId, txnId);
    if (c == null) {
      // Never seen (the create was lost): remember the cancel so it can never be paid.
      charges.put(
          txnId,
          new QrCharge(
              txnId,
              kioskId,
              "unknown",
              "",
              0,
              null,
              "cancelled",
              null,
              null,
              null,
              0,
              now,
              null,
              null));
      res.put("result", "cancelled");
      res.put("message", "no such payment; nothing was taken");
      return res;
    }
    if ((c.status().equals("confirming") || c.status().equals("shown")) && payOnlyAtCancel) {
      c = take(c, now); // the wallet's confirmation won the race against the cancel
      charges.put(txnId, c);
    }
    if (c.status().equals("paid")) {
      return state(res, c);
    }
    if (c.status().equals("confirming") || c.status().equals("shown")) {
      charges.put(txnId, c.withStatus("cancelled"));
    }
    res.put("result", "cancelled");
    res.put("message", "nothing was taken");
    return res;
  }

  // ---- the resident's wallet (control API, tests) -------------------------------------------

  /**
   * The resident's wallet pays {@code txnId} now (a shown QR scanned and paid, or a confirmation
   * that arrives late). A payment the kiosk cancelled, or an expired QR, is taken and refunded.
   *
   * @return the charge afterwards
   */
  QrCharge walletPays(String txnId, String now) {
    QrCharge c = charges.get(txnId);
    if (c == null) {
      throw new IllegalArgumentException("no QR payment " + txnId + " at the provider");
    }
    switch (c.status()) {
      case "paid" -> queueNotice(c); // the provider's retry: a duplicate the kiosk must ignore
      case "confirming", "shown" -> {
        if (c.expiresAt() != null && Instant.parse(c.expiresAt()).isBefore(clock.instant())) {
          c = c.refunded("pay-" + UUID.randomUUID(), now);
        } else {
          c = take(c, now);
        }
      }
      case "cancelled" -> {
        if (c.money() > 0) {
          c = c.refunded("pay-" + UUID.randomUUID(), now);
          log.info("provider: {} paid after the kiosk cancelled it: refunded", txnId);
        }
      }
      default -> throw new IllegalArgumentException("QR payment " + txnId + " is " + c.status());
    }
    charges.put(txnId, c);
    return c;
  }

  /** Notifications waiting to be published (after the commit). */
  List<Notice> drainNotices() {
    List<Notice> out = List.copyOf(notices);
    notices.clear();
    return out;
  }

  private QrCharge take(QrCharge c, String now) {
    QrCharge paid = c.paid("pay-" + UUID.randomUUID(), now);
    queueNotice(paid);
    return paid;
  }

  private void queueNotice(QrCharge c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("schema", "qr.paid/1");
    n.put("txnId", c.txnId());
    n.put("paymentId", c.paymentId());
    n.put("money", c.money());
    n.put("paidAt", c.paidAt());
    byte[] payload;
    try {
      payload = JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < noticeCopies; i++) {
      notices.add(new Notice(c.kioskId(), payload));
    }
  }

  private QrCharge existing(String kioskId, String txnId, long money) {
    QrCharge c = charges.get(txnId);
    if (c == null) {
      return null;
    }
    if (!c.kioskId().equals(kioskId)) {
      throw new Rejected("txn " + txnId + " belongs to another kiosk");
    }
    if (c.money() != money && !c.status().equals("cancelled")) {
      throw new Rejected("txn " + txnId + " was asked for " + c.money() + " fen, now " + money);
    }
    return c;
  }

  private static long positive(JsonNode req) {
    long money = Fields.amount(req, "money");
    if (money == 0) {
      throw new Rejected("'money' must be positive");
    }
    return money;
  }

  private static ObjectNode state(ObjectNode res, QrCharge c) {
    switch (c.status()) {
      case "paid" -> {
        res.put("result", "paid");
        res.put("paymentId", c.paymentId());
        res.put("money", c.money());
      }
      case "confirming" -> {
        res.put("result", "confirming");
        res.put("message", "waiting for the resident to confirm in the wallet");
      }
      case "shown" -> {
        res.put("result", "created");
        res.put("payload", c.payload());
        res.put("expiresAt", c.expiresAt());
      }
      case "declined" -> declined(res, "declined", "the payment was declined");
      default -> declined(res, "cancelled", "the payment was cancelled");
    }
    return res;
  }

  private static ObjectNode declined(ObjectNode res, String code, String message) {
    res.put("result", "declined");
    res.put("code", code);
    res.put("message", message);
    return res;
  }

  private static ObjectNode answer(String requestId, String txnId) {
    ObjectNode res = JSON.createObjectNode();
    res.put("schema", RESULT);
    res.put("requestId", requestId);
    res.put("txnId", txnId);
    return res;
  }
}
