package org.gaskiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.engine.KioskView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActionApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunningServer running = new RunningServer();

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void passes_the_parsed_body_to_the_engine_with_integers_as_long() throws Exception {
    var response =
        running.postJson(
            "/api/actions/set-amount",
            "{\"amount\": 5000, \"note\": \"加气\", \"exact\": 12.50, \"ok\": true,"
                + " \"none\": null, \"list\": [1, \"a\"], \"nested\": {\"volume\": 300}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(running.engine.calls()).hasSize(1);
    FakeKioskApi.Call call = running.engine.calls().get(0);
    assertThat(call.action()).isEqualTo("set-amount");
    Map<String, Object> body = call.body();
    assertThat(body.get("amount")).isEqualTo(5000L);
    assertThat(body.get("note")).isEqualTo("加气");
    assertThat(body.get("exact")).isEqualTo(new BigDecimal("12.50"));
    assertThat(body.get("ok")).isEqualTo(true);
    assertThat(body).containsEntry("none", null);
    assertThat(body.get("list")).isEqualTo(List.of(1L, "a"));
    assertThat(body.get("nested")).isEqualTo(Map.of("volume", 300L));
  }

  @Test
  void answers_a_taken_action_with_the_new_view() throws Exception {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("amountDue", 5000L);
    data.put("inserted", 0L);
    running.engine.answerActionsWith(
        (action, body) -> new ActionOutcome.Done(new KioskView(7, "cash", "en", true, data)));

    var response = running.postJson("/api/actions/choose-payment", "{\"method\":\"cash\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    JsonNode view = JSON.readTree(response.body());
    assertThat(view.get("version").asLong()).isEqualTo(7);
    assertThat(view.get("screen").asText()).isEqualTo("cash");
    assertThat(view.get("lang").asText()).isEqualTo("en");
    assertThat(view.get("accessible").asBoolean()).isTrue();
    assertThat(view.get("data").get("amountDue").asLong()).isEqualTo(5000);
  }

  @Test
  void takes_an_action_without_a_body_as_an_empty_map() throws Exception {
    var response = running.post("/api/actions/cancel", null, HttpRequest.BodyPublishers.noBody());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(running.engine.calls()).containsExactly(new FakeKioskApi.Call("cancel", Map.of()));
  }

  @Test
  void answers_a_rejected_action_with_its_status_code_and_message() throws Exception {
    running.engine.answerActionsWith(
        (action, body) ->
            new ActionOutcome.Rejected(409, "wrong-screen", "finish-cash is not possible on idle"));

    var response = running.postJson("/api/actions/finish-cash", "{}");

    assertThat(response.statusCode()).isEqualTo(409);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("error").asText()).isEqualTo("wrong-screen");
    assertThat(error.get("message").asText()).isEqualTo("finish-cash is not possible on idle");
  }

  @Test
  void answers_an_engine_that_throws_with_json_500_and_no_stack_trace() throws Exception {
    running.engine.answerActionsWith(
        (action, body) -> {
          throw new IllegalStateException("journal unavailable at /data/kiosk.mv.db");
        });

    var response = running.postJson("/api/actions/start-purchase", "{}");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("internal-error");
    assertThat(response.body()).doesNotContain("Exception", "journal", "at org.");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void refuses_a_bad_body_with_400_without_calling_the_engine(
      String what, String contentType, byte[] body) throws Exception {
    var response =
        running.post(
            "/api/actions/set-amount", contentType, HttpRequest.BodyPublishers.ofByteArray(body));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("error").asText()).isEqualTo("invalid-body");
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(running.engine.calls()).isEmpty();
  }

  static Stream<Arguments> badBodies() {
    String json = "application/json";
    byte[] big = ("{\"pad\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        Arguments.of("malformed JSON", json, utf8("{\"amount\": ")),
        Arguments.of("an array", json, utf8("[1, 2]")),
        Arguments.of("a string", json, utf8("\"cancel\"")),
        Arguments.of("a number", json, utf8("5000")),
        Arguments.of("null", json, utf8("null")),
        Arguments.of("two values", json, utf8("{} {}")),
        Arguments.of("a duplicate key", json, utf8("{\"amount\": 1, \"amount\": 2}")),
        Arguments.of("an integer beyond long", json, utf8("{\"amount\": 99999999999999999999}")),
        Arguments.of(
            "Latin-1 bytes",
            json,
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}'}),
        Arguments.of("UTF-16", json, "{\"amount\": 1}".getBytes(StandardCharsets.UTF_16)),
        Arguments.of("a declared Latin-1 charset", json + ";charset=ISO-8859-1", utf8("{}")),
        Arguments.of("text/plain", "text/plain", utf8("{\"amount\": 1}")),
        Arguments.of("a form", "application/x-www-form-urlencoded", utf8("amount=1")),
        Arguments.of("no content type", null, utf8("{\"amount\": 1}")),
        Arguments.of("over the size limit", json, big));
  }

  @Test
  void refuses_an_oversized_chunked_body_without_calling_the_engine() throws Exception {
    byte[] big = ("{\"pad\":\"" + "x".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8);

    // ofInputStream has no length: the body goes chunked, without Content-Length.
    HttpResponse<String> response =
        running.post(
            "/api/actions/set-amount",
            "application/json",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(running.engine.calls()).isEmpty();
  }

  @Test
  void refuses_an_action_posted_from_another_site() throws Exception {
    var response =
        running.send(
            HttpRequest.newBuilder(running.uri("/api/actions/cancel"))
                .header("Origin", "http://evil.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("forbidden-origin");
    assertThat(running.engine.calls()).isEmpty();
  }

  @Test
  void refuses_a_malformed_action_name_without_calling_the_engine() throws Exception {
    var response = running.postJson("/api/actions/Start_Purchase", "{}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unknown-action");
    assertThat(running.engine.calls()).isEmpty();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
