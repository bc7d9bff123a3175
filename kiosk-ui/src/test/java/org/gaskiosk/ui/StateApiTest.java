package org.gaskiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StateApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunningServer running = new RunningServer();

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void serves_the_current_view_as_json() throws Exception {
    running.engine.publish(
        "account",
        Map.of(
            "cardNo",
            "6214****0042",
            "balance",
            12345L,
            "orders",
            List.of(Map.of("orderId", "A1", "amount", 5000L))));

    var response = running.get("/api/state");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode view = JSON.readTree(response.body());
    assertThat(view.get("version").asLong()).isEqualTo(2);
    assertThat(view.get("screen").asText()).isEqualTo("account");
    assertThat(view.get("lang").asText()).isEqualTo("zh-CN");
    assertThat(view.get("accessible").asBoolean()).isFalse();
    assertThat(view.get("data").get("cardNo").asText()).isEqualTo("6214****0042");
    assertThat(view.get("data").get("orders").get(0).get("amount").asLong()).isEqualTo(5000);
  }

  @Test
  void reports_ok_and_the_view_version_on_the_health_check() throws Exception {
    running.engine.publish("reading", Map.of());

    var response = running.get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode health = JSON.readTree(response.body());
    assertThat(health.get("status").asText()).isEqualTo("ok");
    assertThat(health.get("version").asLong()).isEqualTo(2);
    assertThat(health.get("screen").asText()).isEqualTo("reading");
  }

  @Test
  void reports_unavailable_on_the_health_check_when_the_engine_fails() throws Exception {
    running.engine.failViewWith(new IllegalStateException("engine loop dead"));

    var response = running.get("/healthz");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("unavailable");
    assertThat(response.body()).doesNotContain("engine loop dead");
  }

  @Test
  void answers_a_failing_engine_with_json_500_and_no_stack_trace() throws Exception {
    running.engine.failViewWith(new IllegalStateException("secret internals"));

    var response = running.get("/api/state");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("internal-error");
    assertThat(response.body()).doesNotContain("secret internals", "Exception", "at org.");
  }

  @Test
  void answers_an_unknown_route_with_json_404() throws Exception {
    var response = running.get("/api/nothing-here");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("not-found");
  }

  @Test
  void answers_a_wrong_method_with_json() throws Exception {
    var response =
        running.send(
            HttpRequest.newBuilder(running.uri("/api/state"))
                .DELETE()
                .header("Accept", "text/html"));

    assertThat(response.statusCode()).isBetween(404, 405);
    assertThat(JSON.readTree(response.body()).has("error")).isTrue();
  }

  @Test
  void answers_a_request_jetty_refuses_itself_with_json() throws Exception {
    // A path with an encoded NUL is refused by Jetty before it reaches any route.
    var response =
        running.send(
            HttpRequest.newBuilder(running.uri("/api/%00state")).header("Accept", "text/html"));

    assertThat(response.statusCode()).isBetween(400, 499);
    assertThat(JSON.readTree(response.body()).has("error")).isTrue();
  }

  @Test
  void serves_the_touchscreen_page_at_the_root() throws Exception {
    var page = running.get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.body()).contains("app.js");
    assertThat(running.get("/app.js").statusCode()).isEqualTo(200);
    assertThat(running.get("/app.css").statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(running.get("/i18n/zh-CN.json").body()).isObject()).isTrue();
    assertThat(JSON.readTree(running.get("/i18n/en.json").body()).isObject()).isTrue();
  }
}
