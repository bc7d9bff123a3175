package org.gaskiosk.core.engine;

import java.util.Map;
import java.util.Set;

/**
 * Strict reading of an action's JSON body: unknown keys and wrong types are refused, never guessed
 * at.
 */
final class ActionBody {
  private final String action;
  private final Map<String, Object> body;

  ActionBody(String action, Map<String, Object> body) {
    this.action = action;
    this.body = body == null ? Map.of() : body;
  }

  /** Refuses any key not in {@code allowed}. */
  ActionBody only(String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (String key : body.keySet()) {
      if (!ok.contains(key)) {
        throw new Invalid(
            action
                + " does not take \""
                + key
                + "\" (it takes: "
                + String.join(", ", allowed)
                + ")");
      }
    }
    return this;
  }

  boolean has(String key) {
    return body.containsKey(key);
  }

  /** A whole number; JSON 50.5, "50" or 5e3 are refused. */
  long integer(String key) {
    Object v = body.get(key);
    if (v instanceof Long || v instanceof Integer || v instanceof Short) {
      return ((Number) v).longValue();
    }
    throw new Invalid(action + ": \"" + key + "\" must be a whole number, got " + describe(v));
  }

  String text(String key) {
    Object v = body.get(key);
    if (v instanceof String s) {
      return s;
    }
    throw new Invalid(action + ": \"" + key + "\" must be a string, got " + describe(v));
  }

  boolean bool(String key) {
    Object v = body.get(key);
    if (v instanceof Boolean b) {
      return b;
    }
    throw new Invalid(action + ": \"" + key + "\" must be true or false, got " + describe(v));
  }

  private static String describe(Object v) {
    return v == null ? "nothing" : v.getClass().getSimpleName() + " " + v;
  }

  /** The body does not fit the action: 400, nothing changed. */
  static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }
}
