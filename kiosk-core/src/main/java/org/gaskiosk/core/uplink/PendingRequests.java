package org.gaskiosk.core.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Requests waiting for their answer, by request id (the MQTT correlation data). */
final class PendingRequests {
  private final ConcurrentMap<String, CompletableFuture<Answer>> waiting =
      new ConcurrentHashMap<>();

  /**
   * What came back for a request.
   *
   * @param body the parsed JSON object, or null when the payload was not one
   * @param problem why the payload could not be read, or null
   */
  record Answer(JsonNode body, String problem) {}

  /** The link went down or the uplink closed while a request waited. */
  static final class LinkDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LinkDown(String message) {
      super(message, null, false, false);
    }
  }

  CompletableFuture<Answer> register(String requestId) {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    if (waiting.putIfAbsent(requestId, answer) != null) {
      // Retrying with the same id is fine, doing it concurrently is a caller bug.
      throw new IllegalStateException("request " + requestId + " is already waiting for an answer");
    }
    return answer;
  }

  /** False when nobody waits for this id any more (timed out, or never asked). */
  boolean complete(String requestId, Answer answer) {
    CompletableFuture<Answer> f = waiting.get(requestId);
    return f != null && f.complete(answer);
  }

  void remove(String requestId) {
    waiting.remove(requestId);
  }

  void failAll(String reason) {
    waiting.values().forEach(f -> f.completeExceptionally(new LinkDown(reason)));
  }
}
