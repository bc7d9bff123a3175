package org.gaskiosk.ui;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;
import org.gaskiosk.core.maintenance.MaintenanceApi;
import org.gaskiosk.core.maintenance.MaintenanceOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance routes: {@code GET /api/maintenance/state} and {@code POST
 * /api/maintenance/{action}}. The visit's token travels in the {@code X-Visit-Token} header; the
 * same origin rule as the resident's actions applies.
 */
final class MaintenanceHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceHandlers.class);
  private static final Pattern ACTION_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  static final String TOKEN_HEADER = "X-Visit-Token";

  private final MaintenanceApi api;
  private final JsonCodec json;
  private final ActionBodyParser bodies;

  MaintenanceHandlers(MaintenanceApi api, JsonCodec json, ActionBodyParser bodies) {
    this.api = api;
    this.json = json;
    this.bodies = bodies;
  }

  void state(Context ctx) {
    Replies.json(ctx, 200, json.write(api.state(ctx.header(TOKEN_HEADER))));
  }

  void action(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    if (name.length() > 64 || !ACTION_NAME.matcher(name).matches()) {
      Replies.json(ctx, 404, json.error("unknown-action", "there is no action of that name"));
      return;
    }
    String origin = ctx.header("Origin");
    if (origin != null && !origin.equalsIgnoreCase("http://" + ctx.header("Host"))) {
      Replies.json(
          ctx,
          403,
          json.error("forbidden-origin", "actions are taken only from the kiosk's own page"));
      return;
    }
    if (ctx.req().getContentLengthLong() > bodies.maxBytes()) {
      Replies.json(
          ctx, 400, json.error("invalid-body", "the body is larger than " + bodies.maxBytes()));
      return;
    }
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      bytes = in.readNBytes(bodies.maxBytes() + 1);
    }
    ActionBodyParser.Result parsed = bodies.parse(ctx.header("Content-Type"), bytes);
    if (parsed instanceof ActionBodyParser.Result.Invalid invalid) {
      Replies.json(ctx, 400, json.error("invalid-body", invalid.message()));
      return;
    }
    Map<String, Object> body = ((ActionBodyParser.Result.Parsed) parsed).body();
    MaintenanceOutcome outcome = api.act(name, ctx.header(TOKEN_HEADER), body);
    if (outcome instanceof MaintenanceOutcome.Done done) {
      Replies.json(ctx, 200, json.write(done.result()));
    } else if (outcome instanceof MaintenanceOutcome.Rejected r) {
      LOG.info("maintenance action {} refused: {} {}", name, r.status(), r.error());
      Replies.json(ctx, r.status(), json.error(r.error(), r.message()));
    }
  }
}
