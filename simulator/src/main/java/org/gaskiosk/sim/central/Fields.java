package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Strict reading of the contract's JSON: a wrong or missing field throws {@link Rejected} with a
 * reason fit for a log line and for the error answer.
 */
final class Fields {
  private static final HexFormat HEX = HexFormat.of();

  private Fields() {}

  /** The message broke the contract. */
  static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Rejected(String reason) {
      super(reason, null, false, false);
    }
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new Rejected("missing text field '" + field + "'");
    }
    return v.asText();
  }

  static String optionalText(JsonNode n, String field, String fallback) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText() : fallback;
  }

  /** Integral and not negative: amounts never travel as fractions. */
  static long amount(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new Rejected("'" + field + "' must be a non-negative integer");
    }
    return v.asLong();
  }

  static long optionalAmount(JsonNode n, String field, long fallback) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? fallback : amount(n, field);
  }

  static int smallInt(JsonNode n, String field, int max) {
    long v = amount(n, field);
    if (v > max) {
      throw new Rejected("'" + field + "' must be at most " + max);
    }
    return (int) v;
  }

  static byte[] hex(JsonNode n, String field, int length) {
    byte[] bytes;
    try {
      bytes = HEX.parseHex(text(n, field));
    } catch (IllegalArgumentException e) {
      throw new Rejected("'" + field + "' is not hex");
    }
    if (bytes.length != length) {
      throw new Rejected("'" + field + "' must be " + length + " bytes");
    }
    return bytes;
  }

  static String cardNo(JsonNode n, String field) {
    String s = text(n, field);
    if (!s.matches("[0-9]{1,16}")) {
      throw new Rejected("'" + field + "' must be 1-16 digits");
    }
    return s;
  }

  static List<String> textList(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new Rejected("'" + field + "' must be an array of text");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isTextual() || item.asText().isEmpty()) {
        throw new Rejected("'" + field + "' must be an array of text");
      }
      out.add(item.asText());
    }
    return List.copyOf(out);
  }

  static JsonNode object(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) {
      throw new Rejected("missing object '" + field + "'");
    }
    return v;
  }

  static String oneOf(JsonNode n, String field, String... allowed) {
    String v = text(n, field);
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw new Rejected("'" + field + "' must be one of " + String.join("|", allowed));
  }
}
