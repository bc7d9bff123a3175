package org.gaskiosk.ui;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error page (for requests refused before they reach Javalin: a malformed URI, an
 * ambiguous path) written as the API's JSON instead of HTML, without stack traces.
 */
final class JsonErrorHandler extends ErrorHandler {

  private final JsonCodec json;

  JsonErrorHandler(JsonCodec json) {
    this.json = json;
    setShowStacks(false);
    setShowCauses(false);
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    String reason = HttpStatus.getMessage(code);
    String body = json.error("http-" + code, reason == null ? "error " + code : reason);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Replies.JSON);
    response.write(true, ByteBuffer.wrap(JsonCodec.utf8(body)), callback);
  }
}
