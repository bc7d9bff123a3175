package org.gaskiosk.core.maintenance;

import java.util.Map;
import java.util.Set;

/** A maintenance action's JSON body, checked strictly: unknown keys and wrong types are refused. */
final class Body {
  private final String action;
  private final Map<String, Object> map;

  Body(String action, Map<String, Object> map) {
    this.action = action;
    this.map = map == null ? Map.of() : map;
  }

  Body only(String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (String key : map.keySet()) {
      if (!ok.contains(key)) {
        throw new Invalid(action + " takes no \"" + key + "\"");
      }
    }
    return this;
  }

  boolean has(String key) {
    return map.containsKey(key);
  }

  String text(String key) {
    if (map.get(key) instanceof String s) {
      return s;
    }
    throw new Invalid(action + ": \"" + key + "\" must be a string");
  }

  /** Raised for a bad body; answered 400. */
  static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }
}
