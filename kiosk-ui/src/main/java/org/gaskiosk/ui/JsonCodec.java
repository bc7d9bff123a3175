package org.gaskiosk.ui;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gaskiosk.core.engine.KioskView;

/**
 * The one place that turns views and errors into JSON and JSON text into trees, so every route
 * writes the same shapes.
 */
final class JsonCodec {

  private final ObjectMapper mapper =
      JsonMapper.builder()
          // `{"amount": 1, "amount": 2}` must not silently become 2.
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // Fractions are kept exactly as written (10.0 stays 10.0), never as binary doubles.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /** Serialises a view as {@code {"version","screen","lang","accessible","data"}}. */
  String view(KioskView view) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", view.version());
    json.put("screen", view.screen());
    json.put("lang", view.lang());
    json.put("accessible", view.accessible());
    json.put("data", view.data());
    return write(json);
  }

  /** The body of every error answer: {@code {"error": code, "message": text}}. */
  String error(String code, String message) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("error", code);
    json.put("message", message);
    return write(json);
  }

  String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
    }
  }

  /**
   * Parses JSON text into a tree.
   *
   * @throws JsonProcessingException when the text is not one well-formed JSON value
   */
  JsonNode readTree(String text) throws JsonProcessingException {
    return mapper.readTree(text);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
