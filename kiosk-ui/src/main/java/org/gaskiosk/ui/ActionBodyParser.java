package org.gaskiosk.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the body of {@code POST /api/actions/{name}} into the map handed to {@code KioskApi.act},
 * or says why it cannot.
 *
 * <p>The body must be empty or one JSON object, in UTF-8, sent as {@code application/json} (an
 * empty body may come without a content type). Requiring the JSON content type also keeps
 * cross-site HTML forms, which cannot send it, from posting actions.
 *
 * <p>The map holds only: {@link String}; {@link Long} for every number written without fraction or
 * exponent; {@link BigDecimal} for every other number, exactly as written ({@code 10.0} stays scale
 * 1, so the engine can refuse it where whole fen are required); {@link Boolean}; {@code null};
 * {@link List} and {@link Map} of these. Maps keep the key order of the body. Everything is
 * unmodifiable. Integers outside the {@code long} range are refused rather than passed on.
 */
final class ActionBodyParser {

  /** The outcome: a body for the engine, or the reason it was refused. */
  sealed interface Result {
    record Parsed(Map<String, Object> body) implements Result {}

    record Invalid(String message) implements Result {}
  }

  private final JsonCodec json;
  private final int maxBytes;

  ActionBodyParser(JsonCodec json, int maxBytes) {
    this.json = json;
    this.maxBytes = maxBytes;
  }

  int maxBytes() {
    return maxBytes;
  }

  /**
   * Parses a body.
   *
   * @param contentType the request's Content-Type header, or null
   * @param body the bytes read, at most {@code maxBytes + 1} (one more tells the body was too big)
   */
  Result parse(String contentType, byte[] body) {
    if (body.length > maxBytes) {
      return new Result.Invalid("the body is larger than " + maxBytes + " bytes");
    }
    String typeProblem = contentTypeProblem(contentType, body.length == 0);
    if (typeProblem != null) {
      return new Result.Invalid(typeProblem);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      return new Result.Invalid("the body is not valid UTF-8");
    }
    if (text.isBlank()) {
      return new Result.Parsed(Map.of());
    }
    JsonNode tree;
    try {
      tree = json.readTree(text);
    } catch (JsonProcessingException e) {
      return new Result.Invalid("the body is not well-formed JSON: " + problem(e));
    }
    if (!tree.isObject()) {
      return new Result.Invalid("the body must be a JSON object, not " + describe(tree));
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) toJava(tree);
      return new Result.Parsed(map);
    } catch (OutOfRangeException e) {
      return new Result.Invalid(e.getMessage());
    }
  }

  private static String contentTypeProblem(String contentType, boolean emptyBody) {
    if (contentType == null || contentType.isBlank()) {
      return emptyBody ? null : "a body needs Content-Type: application/json";
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase("application/json")) {
      return "Content-Type must be application/json, not " + parts[0].trim();
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].split("=", 2);
      if (param[0].trim().equalsIgnoreCase("charset")) {
        String charset = param.length > 1 ? param[1].trim().replace("\"", "") : "";
        if (!charset.toLowerCase(Locale.ROOT).matches("utf-?8")) {
          return "the body must be UTF-8, not charset " + charset;
        }
      }
    }
    return null;
  }

  private static Object toJava(JsonNode node) throws OutOfRangeException {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        map.put(field.getKey(), toJava(field.getValue()));
      }
      return Collections.unmodifiableMap(map);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode element : node) {
        list.add(toJava(element));
      }
      return Collections.unmodifiableList(list);
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      BigInteger value = node.bigIntegerValue();
      if (value.bitLength() > 63) {
        throw new OutOfRangeException("the integer " + value + " is out of range");
      }
      return value.longValue();
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    throw new IllegalStateException("unexpected JSON node " + node.getNodeType());
  }

  /** Jackson's message without its source-location boilerplate, with line and column. */
  private static String problem(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    int boilerplate = message.indexOf(" (start marker at [Source");
    if (boilerplate >= 0) {
      message = message.substring(0, boilerplate);
    }
    if (e.getLocation() != null) {
      message +=
          " (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")";
    }
    return message;
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static final class OutOfRangeException extends Exception {
    OutOfRangeException(String message) {
      super(message, null, false, false);
    }
  }
}
