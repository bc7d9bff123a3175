package org.gaskiosk.ui;

import io.javalin.http.Context;
import io.nayuki.qrcodegen.QrCode;
import org.gaskiosk.core.engine.KioskApi;
import org.gaskiosk.core.engine.KioskView;

/**
 * {@code GET /api/qr.svg}: the payment QR of the current {@code qr} screen as SVG, drawn here with
 * Nayuki's qrcodegen so the page needs no QR library. It renders only the view's own {@code
 * qrPayload}, never a text from the request: this server is no QR service for anyone else.
 */
final class QrSvg {
  private static final int BORDER = 4;
  private final KioskApi api;

  QrSvg(KioskApi api) {
    this.api = api;
  }

  void handle(Context ctx) {
    KioskView view = api.view();
    Object payload = view.data().get("qrPayload");
    if (!"qr".equals(view.screen()) || !(payload instanceof String text) || text.isEmpty()) {
      Replies.json(
          ctx, 404, "{\"error\":\"no-qr\",\"message\":\"no payment QR is on screen now\"}");
      return;
    }
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("image/svg+xml");
    ctx.result(svg(QrCode.encodeText(text, QrCode.Ecc.MEDIUM)));
  }

  /** One path of unit squares; crisp at any size the page chooses. */
  static String svg(QrCode qr) {
    int size = qr.size + BORDER * 2;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) {
          path.append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
        + size
        + " "
        + size
        + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        + "<path fill=\"#000\" d=\""
        + path
        + "\"/></svg>";
  }
}
