package org.gaskiosk.core.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.gaskiosk.core.port.QrPaidNotice;
import org.gaskiosk.core.port.QrRequest;
import org.gaskiosk.core.port.QrResult;

/**
 * The JSON of the QR payment requests ({@code qr.charge}, {@code qr.create}, {@code qr.cancel}),
 * their answer ({@code qr.result/1}) and the paid notification ({@code qr.paid/1}), docs/mqtt.md.
 */
final class QrCodec {
  static final String CHARGE = "qr.charge/1";
  static final String CREATE = "qr.create/1";
  static final String CANCEL = "qr.cancel/1";
  static final String PAID = "qr.paid/1";

  private QrCodec() {}

  static String op(QrRequest r) {
    if (r instanceof QrRequest.Charge) {
      return "qr.charge";
    }
    return r instanceof QrRequest.Create ? "qr.create" : "qr.cancel";
  }

  static byte[] request(String kioskId, QrRequest r, Instant sentAt) {
    ObjectNode n;
    if (r instanceof QrRequest.Charge c) {
      n = UplinkCodec.request(CHARGE, c.requestId(), kioskId, sentAt);
      n.put("txnId", c.txnId());
      n.put("cardNo", c.cardNo());
      n.put("code", c.code());
      n.put("money", c.money());
    } else if (r instanceof QrRequest.Create c) {
      n = UplinkCodec.request(CREATE, c.requestId(), kioskId, sentAt);
      n.put("txnId", c.txnId());
      n.put("cardNo", c.cardNo());
      n.put("money", c.money());
    } else {
      QrRequest.Cancel c = (QrRequest.Cancel) r;
      n = UplinkCodec.request(CANCEL, c.requestId(), kioskId, sentAt);
      n.put("txnId", c.txnId());
      n.put("reason", c.reason());
    }
    return UplinkCodec.bytes(n);
  }

  /** Reads {@code qr.result/1}; anything it cannot trust is {@link UplinkCodec.Malformed}. */
  static QrResult result(JsonNode n) {
    String result = UplinkCodec.text(n, "result");
    return switch (result) {
      case "paid" -> new QrResult.Paid(UplinkCodec.text(n, "paymentId"), positive(n, "money"));
      case "confirming" ->
          new QrResult.Confirming(UplinkCodec.optionalText(n, "message", "confirm in the wallet"));
      case "declined" ->
          new QrResult.Declined(
              UplinkCodec.optionalText(n, "code", "declined"),
              UplinkCodec.optionalText(n, "message", "declined"));
      case "created" -> new QrResult.Created(payload(n), instant(n, "expiresAt"));
      case "cancelled" ->
          new QrResult.Cancelled(UplinkCodec.optionalText(n, "message", "cancelled"));
      case "error" ->
          new QrResult.Unreachable(
              "central system error: " + UplinkCodec.optionalText(n, "message", "no message"));
      default -> throw new UplinkCodec.Malformed("unexpected result '" + result + "' for qr.*");
    };
  }

  static QrPaidNotice paidNotice(JsonNode n) {
    String schema = UplinkCodec.optionalText(n, "schema", PAID);
    if (!schema.equals(PAID)) {
      throw new UplinkCodec.Malformed("unsupported QR notice schema " + schema);
    }
    return new QrPaidNotice(
        UplinkCodec.text(n, "txnId"), UplinkCodec.text(n, "paymentId"), positive(n, "money"));
  }

  private static long positive(JsonNode n, String field) {
    long v = UplinkCodec.nonNegative(n, field);
    if (v == 0) {
      throw new UplinkCodec.Malformed("'" + field + "' must be positive");
    }
    return v;
  }

  private static String payload(JsonNode n) {
    String p = UplinkCodec.text(n, "payload");
    // The page renders it as a QR code: printable ASCII of a sensible length only.
    if (p.isEmpty() || p.length() > 512 || !p.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F)) {
      throw new UplinkCodec.Malformed("'payload' must be 1-512 printable ASCII characters");
    }
    return p;
  }

  private static Instant instant(JsonNode n, String field) {
    String text = UplinkCodec.optionalText(n, field, null);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new UplinkCodec.Malformed("'" + field + "' is not an ISO-8601 instant");
    }
  }
}
