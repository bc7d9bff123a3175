package org.gaskiosk.sim.screen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The resident's hands and the test's eyes: the demo's control API and the kiosk's state. */
final class SimHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final String kiosk;
  private final String sim;

  SimHttp(int kioskPort, int simPort) {
    this.kiosk = "http://127.0.0.1:" + kioskPort;
    this.sim = "http://127.0.0.1:" + simPort;
  }

  JsonNode sim(String method, String path, String body) throws Exception {
    return call(sim + path, method, body);
  }

  /** An action posted as a script would (test set-up only; residents use the page). */
  JsonNode act(String action, String body) throws Exception {
    return call(kiosk + "/api/actions/" + action, "POST", body);
  }

  JsonNode state() throws Exception {
    return call(kiosk + "/api/state", "GET", null);
  }

  private static JsonNode call(String url, String method, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + url + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
  }
}
