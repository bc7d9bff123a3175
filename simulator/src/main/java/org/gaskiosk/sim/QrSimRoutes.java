package org.gaskiosk.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.gaskiosk.sim.SimControlApi.BadRequest;
import org.gaskiosk.sim.central.CentralSimulator;
import org.gaskiosk.sim.central.PaymentProvider;
import org.gaskiosk.sim.central.QrCharge;
import org.gaskiosk.sim.scanner.ScannerStation;

/**
 * The control API's QR routes (docs/automation-api.md): show a payment code to the scanner, let the
 * resident's wallet pay, and turn the payment provider's knobs. Bad input is a 400 that changes
 * nothing.
 */
public final class QrSimRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KNOBS =
      Set.of("decline", "confirmAfterPolls", "payOnlyAtCancel", "noticeCopies", "ignoreCancels");

  private final ScannerStation scanner;
  private final CentralSimulator central;

  public QrSimRoutes(ScannerStation scanner, CentralSimulator central) {
    this.scanner = scanner;
    this.central = central;
  }

  /**
   * POST /sim/qr/scan {"code": "..."}: the resident holds a code (or anything) under the scanner.
   */
  void scan(Context ctx) {
    JsonNode b = body(ctx, Set.of("code"));
    JsonNode code = b.get("code");
    if (code == null
        || !code.isTextual()
        || code.asText().isEmpty()
        || code.asText().length() > 512
        || code.asText().contains("\n")
        || code.asText().contains("\r")) {
      throw new BadRequest("invalid-body", "\"code\" must be a string of 1-512 characters");
    }
    try {
      scanner.show(code.asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.json(Map.of("scanned", code.asText().length() + " characters"));
  }

  /**
   * POST /sim/qr/pay {"txnId": "..."} (optional: the newest open payment): the resident's wallet
   * pays; a payment the kiosk cancelled is refunded instead.
   */
  void pay(Context ctx) {
    JsonNode b = body(ctx, Set.of("txnId"));
    String txnId;
    if (b.has("txnId")) {
      if (!b.get("txnId").isTextual()) {
        throw new BadRequest("invalid-body", "\"txnId\" must be a string");
      }
      txnId = b.get("txnId").asText();
      if (!central.qrCharges().containsKey(txnId)) {
        throw new BadRequest("unknown-payment", "no QR payment " + txnId);
      }
    } else {
      txnId =
          central.qrCharges().values().stream()
              .filter(c -> c.status().equals("shown") || c.status().equals("confirming"))
              .max(Comparator.comparing(QrCharge::createdAt))
              .map(QrCharge::txnId)
              .orElseThrow(() -> new BadRequest("no-open-payment", "no QR payment waits"));
    }
    try {
      ctx.json(central.walletPays(txnId));
    } catch (IllegalArgumentException e) {
      throw new BadRequest("not-payable", e.getMessage());
    }
  }

  /** POST /sim/qr/provider {knobs}: all checked before any is applied. */
  void provider(Context ctx) {
    JsonNode b = body(ctx, KNOBS);
    Map<String, Object> applied = new LinkedHashMap<>();
    for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      JsonNode v = b.get(k);
      boolean number = k.equals("confirmAfterPolls") || k.equals("noticeCopies");
      if (number ? !v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > 1000 : !v.isBoolean()) {
        throw new BadRequest(
            "invalid-body", "\"" + k + "\" must be " + (number ? "0-1000" : "true or false"));
      }
      applied.put(k, number ? (Object) v.asInt() : (Object) v.asBoolean());
    }
    PaymentProvider p = central.payments();
    applied.forEach(
        (k, v) -> {
          switch (k) {
            case "decline" -> p.decline((Boolean) v);
            case "confirmAfterPolls" -> p.confirmAfterPolls((Integer) v);
            case "payOnlyAtCancel" -> p.payOnlyAtCancel((Boolean) v);
            case "noticeCopies" -> p.noticeCopies((Integer) v);
            default -> p.ignoreCancels((Boolean) v);
          }
        });
    ctx.json(applied);
  }

  /** GET /sim/qr: every payment the provider knows. */
  void list(Context ctx) {
    ctx.json(central.qrCharges());
  }

  private static JsonNode body(Context ctx, Set<String> allowed) {
    String text = ctx.body();
    if (text.isBlank()) {
      return JSON.createObjectNode();
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadRequest("invalid-body", "the body is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadRequest("invalid-body", "the body must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new BadRequest("invalid-body", "unexpected field \"" + key + "\"");
      }
    }
    return node;
  }
}
