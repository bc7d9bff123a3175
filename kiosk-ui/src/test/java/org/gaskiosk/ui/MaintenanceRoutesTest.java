package org.gaskiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaskiosk.core.maintenance.MaintenanceApi;
import org.gaskiosk.core.maintenance.MaintenanceOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The maintenance routes carry the visit token, the body and the desk's answer as they are. */
class MaintenanceRoutesTest {
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final MaintenanceApi desk =
      new MaintenanceApi() {
        @Override
        public Map<String, Object> state(String token) {
          calls.add("state " + token);
          return Map.of("visitActive", token != null);
        }

        @Override
        public MaintenanceOutcome act(String action, String token, Map<String, Object> body) {
          calls.add(action + " " + token + " " + body);
          return "good".equals(token)
              ? new MaintenanceOutcome.Done(Map.of("action", action))
              : new MaintenanceOutcome.Rejected(401, "no-visit", "log in first");
        }
      };
  private final KioskUiServer server =
      new KioskUiServer(new FakeKioskApi(), "127.0.0.1", 0).withMaintenance(desk);
  private final HttpClient http = HttpClient.newHttpClient();

  MaintenanceRoutesTest() {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder to(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
  }

  @Test
  void an_action_gets_the_visit_token_and_body_and_answers_with_the_desks_status()
      throws Exception {
    HttpResponse<String> ok =
        send(
            to("/api/maintenance/collect-cash")
                .header("X-Visit-Token", "good")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}")));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{\"action\":\"collect-cash\"}");
    assertThat(calls).containsExactly("collect-cash good {x=1}");

    HttpResponse<String> refused =
        send(to("/api/maintenance/collect-cash").POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("\"error\":\"no-visit\"");
  }

  @Test
  void bad_bodies_and_foreign_origins_never_reach_the_desk() throws Exception {
    HttpResponse<String> bad =
        send(
            to("/api/maintenance/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[1]")));
    assertThat(bad.statusCode()).isEqualTo(400);
    HttpResponse<String> foreign =
        send(
            to("/api/maintenance/login")
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(calls).isEmpty();
  }

  @Test
  void the_state_and_the_maintenance_page_are_served() throws Exception {
    HttpResponse<String> state =
        send(to("/api/maintenance/state").header("X-Visit-Token", "t").GET());
    assertThat(state.body()).isEqualTo("{\"visitActive\":true}");
    assertThat(calls).containsExactly("state t");
    HttpResponse<String> page = send(to("/maintenance.html").GET());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("maintenance.js");
    assertThat(send(to("/i18n/maintenance.zh-CN.json").GET()).body()).contains("收取现金");
    assertThat(send(to("/").GET()).body()).contains("maintenance-entry.js");
  }
}
