package org.gaskiosk.ui;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.engine.KioskApi;
import org.gaskiosk.core.engine.KioskView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The request/response routes of the kiosk API: state, actions and the health check. */
final class ApiHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(ApiHandlers.class);

  /** Action names of the contract are lower-case words joined by hyphens. */
  private static final Pattern ACTION_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  private static final int MAX_ACTION_NAME = 64;

  private final KioskApi api;
  private final JsonCodec json;
  private final ActionBodyParser bodies;

  ApiHandlers(KioskApi api, JsonCodec json, ActionBodyParser bodies) {
    this.api = api;
    this.json = json;
    this.bodies = bodies;
  }

  /** {@code GET /api/state}. */
  void state(Context ctx) {
    Replies.json(ctx, 200, json.view(api.view()));
  }

  /**
   * {@code GET /healthz}: 200 with the view version while the engine answers, 503 when asking it
   * for its view fails.
   */
  void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    try {
      KioskView view = api.view();
      body.put("status", "ok");
      body.put("version", view.version());
      body.put("screen", view.screen());
      Replies.json(ctx, 200, json.write(body));
    } catch (RuntimeException e) {
      LOG.error("health check: the engine did not give its view", e);
      body.put("status", "unavailable");
      body.put("error", "engine-unavailable");
      body.put("message", "the engine did not give its view: " + e.getClass().getSimpleName());
      Replies.json(ctx, 503, json.write(body));
    }
  }

  /** {@code POST /api/actions/{name}}. */
  void action(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    if (name.length() > MAX_ACTION_NAME || !ACTION_NAME.matcher(name).matches()) {
      Replies.json(ctx, 404, json.error("unknown-action", "there is no action of that name"));
      return;
    }
    if (!sameOrigin(ctx)) {
      Replies.json(
          ctx,
          403,
          json.error("forbidden-origin", "actions are taken only from the kiosk's own page"));
      return;
    }
    ActionBodyParser.Result parsed = parse(ctx);
    if (parsed instanceof ActionBodyParser.Result.Invalid invalid) {
      Replies.json(ctx, 400, json.error("invalid-body", invalid.message()));
      return;
    }
    Map<String, Object> body = ((ActionBodyParser.Result.Parsed) parsed).body();
    ActionOutcome outcome = api.act(name, body);
    if (outcome instanceof ActionOutcome.Done done) {
      Replies.json(ctx, 200, json.view(done.view()));
    } else if (outcome instanceof ActionOutcome.Rejected rejected) {
      rejected(ctx, name, rejected);
    } else {
      throw new IllegalStateException("action " + name + ": the engine answered " + outcome);
    }
  }

  private void rejected(Context ctx, String name, ActionOutcome.Rejected rejected) {
    int status = rejected.status();
    if (status < 400 || status > 599) {
      LOG.error(
          "action {} rejected with status {} (not an error status): {} {}",
          name,
          status,
          rejected.error(),
          rejected.message());
      status = 500;
    }
    LOG.info("action {} rejected: {} {}", name, status, rejected.error());
    Replies.json(ctx, status, json.error(rejected.error(), rejected.message()));
  }

  private ActionBodyParser.Result parse(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > bodies.maxBytes()) {
      // Refused on the header alone: a large body is not read into memory.
      return new ActionBodyParser.Result.Invalid(
          "the body is larger than " + bodies.maxBytes() + " bytes");
    }
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      bytes = in.readNBytes(bodies.maxBytes() + 1);
    }
    return bodies.parse(ctx.header("Content-Type"), bytes);
  }

  /**
   * A browser sends Origin with every POST; refuse one from another site so that no page other than
   * the kiosk's own can take actions. Scripts (curl, tests) send no Origin and pass.
   */
  private static boolean sameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return true;
    }
    String host = ctx.header("Host");
    return host != null && origin.equalsIgnoreCase("http://" + host);
  }
}
