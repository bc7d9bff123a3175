package org.gaskiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActionBodyParserTest {

  private final ActionBodyParser parser = new ActionBodyParser(new JsonCodec(), 4096);

  private Map<String, Object> parsed(String contentType, String body) {
    ActionBodyParser.Result result =
        parser.parse(contentType, body.getBytes(StandardCharsets.UTF_8));
    assertThat(result).isInstanceOf(ActionBodyParser.Result.Parsed.class);
    return ((ActionBodyParser.Result.Parsed) result).body();
  }

  private String refusal(String contentType, String body) {
    ActionBodyParser.Result result =
        parser.parse(contentType, body.getBytes(StandardCharsets.UTF_8));
    assertThat(result).isInstanceOf(ActionBodyParser.Result.Invalid.class);
    return ((ActionBodyParser.Result.Invalid) result).message();
  }

  @Test
  void gives_integers_as_long_and_keeps_fractions_exactly_as_written() {
    Map<String, Object> body =
        parsed("application/json", "{\"a\": 7, \"b\": 10.0, \"c\": 1e3, \"d\": -0.01}");

    assertThat(body.get("a")).isEqualTo(7L);
    assertThat(body.get("b")).isEqualTo(new BigDecimal("10.0"));
    assertThat(((BigDecimal) body.get("b")).scale()).isEqualTo(1);
    assertThat(body.get("c")).isInstanceOf(BigDecimal.class);
    assertThat(((BigDecimal) body.get("c")).compareTo(new BigDecimal("1000"))).isZero();
    assertThat(body.get("d")).isEqualTo(new BigDecimal("-0.01"));
  }

  @Test
  void keeps_the_key_order_and_null_values_and_cannot_be_modified() {
    Map<String, Object> body =
        parsed("application/json", "{\"z\": null, \"a\": [true, {\"k\": \"v\"}], \"m\": \"x\"}");

    assertThat(body.keySet()).containsExactly("z", "a", "m");
    assertThat(body).containsEntry("z", null);
    assertThat(body.get("a")).isEqualTo(List.of(true, Map.of("k", "v")));
    assertThatThrownBy(() -> body.put("new", 1)).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) body.get("a");
    assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void takes_an_empty_or_blank_body_as_an_empty_map_with_or_without_content_type() {
    assertThat(parsed(null, "")).isEmpty();
    assertThat(parsed("application/json", "")).isEmpty();
    assertThat(parsed("application/json", "  \n")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=\"UTF-8\"",
        "application/json;charset=utf8"
      })
  void accepts_json_content_types_in_utf_8(String contentType) {
    assertThat(parsed(contentType, "{\"lang\": \"en\"}")).containsEntry("lang", "en");
  }

  @Test
  void explains_malformed_json_with_its_position_and_without_parser_boilerplate() {
    String message = refusal("application/json", "{\"amount\": ");

    assertThat(message).startsWith("the body is not well-formed JSON").contains("line 1");
    assertThat(message).doesNotContain("Source", "REDACTED");
  }

  @Test
  void refuses_a_body_one_byte_over_the_limit() {
    ActionBodyParser small = new ActionBodyParser(new JsonCodec(), 10);

    assertThat(small.parse("application/json", "{\"a\":\"12\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ActionBodyParser.Result.Parsed.class);
    assertThat(small.parse("application/json", "{\"a\":\"123\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ActionBodyParser.Result.Invalid.class);
  }

  @Test
  void refuses_an_integer_beyond_the_long_range_but_takes_the_largest_long() {
    assertThat(parsed("application/json", "{\"n\": 9223372036854775807}"))
        .containsEntry("n", Long.MAX_VALUE);
    assertThat(refusal("application/json", "{\"n\": 9223372036854775808}"))
        .contains("out of range");
  }

  @Test
  void names_what_came_instead_of_an_object() {
    assertThat(refusal("application/json", "[]")).contains("an array");
    assertThat(refusal("application/json", "true")).contains("a boolean");
  }
}
