package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeMap;
import org.gaskiosk.sim.central.Fields.Rejected;

/**
 * The resident events of docs/mqtt.md: {@code service.request} recorded by requestId for the
 * service teams, {@code feedback} totalled per rating. A body that breaks the contract is rejected
 * (counted once, like any rejected event). Under the lock.
 */
final class ResidentProcessor {
  private final ResidentRecords records;

  ResidentProcessor(ResidentRecords records) {
    this.records = records;
  }

  static boolean isResidentType(String type) {
    return type.equals("service.request") || type.equals("feedback");
  }

  void apply(String kioskId, String eventId, String type, JsonNode body, String now) {
    if (body == null || !body.isObject()) {
      throw new Rejected("body is not a JSON object");
    }
    if (type.equals("service.request")) {
      String requestId = Fields.text(body, "requestId");
      String kind = Fields.oneOf(body, "kind", "inspection", "problem", "callback");
      if (kind.equals("inspection") && !body.path("cardNo").isTextual()) {
        throw new Rejected("an inspection request names the card's account (cardNo)");
      }
      ObjectNode entry = ((ObjectNode) body).deepCopy();
      entry.put("kioskId", kioskId);
      entry.put("eventId", eventId);
      entry.put("receivedAt", now);
      records.serviceRequests.putIfAbsent(requestId, entry);
      return;
    }
    String txnId = Fields.text(body, "txnId");
    String rating = Fields.oneOf(body, "rating", "good", "ok", "bad");
    if (records.ratedTxns.putIfAbsent(txnId, rating) != null) {
      throw new Rejected("txn " + txnId + " was rated already");
    }
    records.ratings.merge(rating, 1L, Long::sum);
    records
        .ratingsByKiosk
        .computeIfAbsent(kioskId, k -> new TreeMap<>())
        .merge(rating, 1L, Long::sum);
  }
}
