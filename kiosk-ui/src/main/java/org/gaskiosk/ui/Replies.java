package org.gaskiosk.ui;

import io.javalin.http.Context;

/** Writes JSON answers the same way on every route. */
final class Replies {

  static final String JSON = "application/json;charset=utf-8";

  private Replies() {}

  static void json(Context ctx, int status, String body) {
    ctx.status(status);
    ctx.contentType(JSON);
    // The state changes under the page's feet; nothing here may be served from a cache.
    ctx.header("Cache-Control", "no-store");
    ctx.result(JsonCodec.utf8(body));
  }
}
