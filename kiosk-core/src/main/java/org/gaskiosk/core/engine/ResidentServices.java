package org.gaskiosk.core.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.gaskiosk.core.journal.PendingEvent;

/**
 * What a resident can ask of the gas company at the kiosk besides gas: a safety inspection, a
 * problem report, a call-back ({@code request-service}), and a one-touch rating after a purchase
 * ({@code rate-service}). Each becomes one event in the outbox ({@code service.request}, {@code
 * feedback}), committed before the action answers, so it reaches the central system even if the
 * kiosk loses power right after. Engine thread only.
 */
final class ResidentServices {
  static final Set<String> KINDS = Set.of("inspection", "problem", "callback");
  static final Set<String> TOPICS = Set.of("card", "payment", "kiosk", "gas-supply", "other");
  static final Set<String> RATINGS = Set.of("good", "ok", "bad");

  private final CustomerFlow f;

  /** Requests made in this session, shown as confirmations; requests without a card expire. */
  private final List<Request> requests = new ArrayList<>();

  private String ratedTxn;
  private String rating;

  ResidentServices(CustomerFlow flow) {
    this.f = flow;
  }

  private record Request(
      String requestId, String reference, String kind, String topic, Instant expires) {}

  void request(ActionBody body) {
    body.only("kind", "topic", "phone");
    if (f.screen == Screen.READING || f.screen == Screen.WRITING) {
      throw new Refusal(
          409, "wrong-screen", "not possible while the card is being read or written");
    }
    String kind = body.text("kind");
    if (!KINDS.contains(kind)) {
      throw new ActionBody.Invalid("kind must be inspection, problem or callback, got " + kind);
    }
    String topic = body.has("topic") ? body.text("topic") : null;
    if (topic != null && !TOPICS.contains(topic)) {
      throw new ActionBody.Invalid("topic must be one of " + TOPICS + ", got " + topic);
    }
    String phone = body.has("phone") ? body.text("phone") : null;
    if (phone != null && !phone.matches("[0-9]{5,20}")) {
      throw new ActionBody.Invalid("phone must be 5 to 20 digits");
    }
    String cardNo = f.snapshot == null ? null : f.snapshot.cardNo();
    if (kind.equals("inspection") && cardNo == null) {
      throw new Refusal(
          409, "card-needed", "an inspection is booked for a card's account: insert the card");
    }
    if (kind.equals("callback") && cardNo == null && phone == null) {
      throw new Refusal(409, "phone-needed", "a call-back needs a card or a phone number");
    }
    for (Request r : live()) {
      if (r.kind().equals(kind) && Objects.equals(r.topic(), topic)) {
        return; // a second touch of the same button: the first request stands, once
      }
    }
    String requestId = UUID.randomUUID().toString();
    String reference = "S" + requestId.replace("-", "").substring(0, 8).toUpperCase();
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("requestId", requestId);
    event.put("reference", reference);
    event.put("kind", kind);
    event.put("topic", topic);
    event.put("cardNo", cardNo);
    event.put("phone", phone);
    event.put("screen", f.screen.wireName());
    event.put(
        "safetyStatus",
        f.account == null ? null : f.account.safety().name().toLowerCase().replace('_', '-'));
    event.put("lang", f.lang);
    event.put("accessible", f.accessible);
    f.journal.record(List.of(new PendingEvent("service.request", event)));
    Instant expires = cardNo == null ? f.clock.instant().plus(f.config.resultTimeout()) : null;
    requests.add(new Request(requestId, reference, kind, topic, expires));
  }

  void rate(ActionBody body) {
    String value = body.only("rating").text("rating");
    if (!RATINGS.contains(value)) {
      throw new ActionBody.Invalid("rating must be good, ok or bad, got " + value);
    }
    f.requireScreen(Screen.DONE, Screen.PENDING);
    Object txnId = f.result.get("txnId");
    if (!(txnId instanceof String txn)) {
      throw new Refusal(409, "nothing-to-rate", "no purchase on screen to rate");
    }
    if (txn.equals(ratedTxn)) {
      throw new Refusal(409, "already-rated", "this purchase was rated already");
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("txnId", txn);
    event.put("rating", value);
    event.put("screen", f.screen.wireName());
    event.put("kind", f.result.get("kind"));
    event.put("lang", f.lang);
    event.put("accessible", f.accessible);
    f.journal.record(List.of(new PendingEvent("feedback", event)));
    ratedTxn = txn;
    rating = value;
  }

  /** The fields the page draws from (docs/automation-api.md): hotline, requests, rating. */
  void addTo(Map<String, Object> d) {
    d.put("hotline", f.config.hotline());
    List<Map<String, Object>> shown = new ArrayList<>();
    for (Request r : live()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("requestId", r.requestId());
      m.put("reference", r.reference());
      m.put("kind", r.kind());
      if (r.topic() != null) {
        m.put("topic", r.topic());
      }
      shown.add(m);
    }
    if (!shown.isEmpty()) {
      d.put("serviceRequests", shown);
    }
    if (rating != null && ratedTxn.equals(f.result.get("txnId"))) {
      d.put("rated", rating);
    }
  }

  /** The resident left: their confirmations go with them. */
  void endSession() {
    requests.clear();
    ratedTxn = null;
    rating = null;
  }

  private List<Request> live() {
    Instant now = f.clock.instant();
    requests.removeIf(r -> r.expires() != null && !now.isBefore(r.expires()));
    return requests;
  }
}
