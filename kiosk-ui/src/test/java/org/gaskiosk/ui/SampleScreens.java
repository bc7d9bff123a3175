package org.gaskiosk.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Example data for every screen, with the fields the page reads (see docs/automation-api.md). Used
 * by {@link PageDemo} to look at the page without an engine.
 */
final class SampleScreens {

  private SampleScreens() {}

  static Map<String, Map<String, Object>> all() {
    Map<String, Map<String, Object>> screens = new LinkedHashMap<>();
    screens.put("idle", Map.of());
    screens.put("reading", Map.of());
    screens.put("account", account());
    screens.put("amount", amount());
    screens.put(
        "pay-method",
        Map.of(
            "amountDue",
            10000L,
            "quote",
            quote(),
            "methods",
            List.of("cash", "qr-scan", "qr-show")));
    screens.put(
        "cash",
        Map.of(
            "amountDue",
            10000L,
            "inserted",
            5000L,
            "acceptedNotes",
            List.of(1000L, 2000L, 5000L, 10000L),
            "secondsLeft",
            15L));
    screens.put("qr", qrShown());
    screens.put("writing", Map.of());
    screens.put("done", done());
    screens.put(
        "pending",
        Map.of(
            "txnId", "T20250101-000043",
            "paid", 5000L,
            "reference", "P-7Q4K-2M",
            "whatNext", "您的付款已记录。请在 7 天内重新插卡，系统将自动写入；或凭查询编号到营业厅办理。",
            "next", "insert-card-again-any-kiosk"));
    screens.put(
        "refused",
        Map.of(
            "reasonCode",
            "safety-hold",
            "reasonText",
            "该户安检未通过，暂停供气，请联系燃气公司。",
            "cardNo",
            "3100****0003"));
    screens.put("error", Map.of("code", "card-io", "message", "读卡器通信失败"));
    screens.put("out-of-service", Map.of("reason", "纸币器故障"));
    screens.put("maintenance", Map.of("message", "技术员已登录"));
    screens.put("self-test", Map.of("step", 3L, "of", 7L, "device", "printer"));
    return screens;
  }

  static Map<String, Object> account() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cardNo", "6214****0042");
    data.put("family", "purse");
    data.put("balance", 12345L);
    data.put("unit", "fen");
    data.put("safetyStatus", "due");
    data.put("safetyNotice", "您的年度安检将于 2025-03-01 到期，请预约上门安检。");
    data.put(
        "orders",
        List.of(
            Map.of("orderId", "W-1001", "amount", 5000L),
            Map.of("orderId", "W-1002", "amount", 2000L)));
    data.put("tariff", Map.of("tier", 1L, "price", 315L, "used", 18250L, "nextTierAt", 35000L));
    data.put("canBuy", true);
    return data;
  }

  /** The fixture card 3100000000000006 as the engine shows it: its meter's battery is low. */
  static Map<String, Object> accountLowBattery() {
    Map<String, Object> data = account();
    data.put("safetyStatus", "ok");
    data.put("safetyNotice", "");
    data.put("orders", List.of());
    data.put("holder", "陈*强");
    data.put(
        "meterNotices",
        List.of(
            Map.of(
                "code",
                "low-battery",
                "severity",
                "minor",
                "text",
                "Your meter's battery is low: please replace it soon.")));
    return data;
  }

  /** A leak reported by the meter, with a low battery as well: the leak comes first. */
  static Map<String, Object> accountLeak() {
    Map<String, Object> data = accountLowBattery();
    data.put(
        "meterNotices",
        List.of(
            Map.of(
                "code",
                "leak-alarm",
                "severity",
                "critical",
                "text",
                "Your meter reported a gas leak. Do not use gas, open the windows and call the gas"
                    + " company's emergency line now. The safety team has been told."),
            Map.of(
                "code",
                "low-battery",
                "severity",
                "minor",
                "text",
                "Your meter's battery is low: please replace it soon.")));
    return data;
  }

  static Map<String, Object> qrShown() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("txnId", "T20250101-000044");
    data.put("reference", "Q7Q4K2M9B");
    data.put("method", "qr-show");
    data.put("status", "shown");
    data.put("amountDue", 10000L);
    data.put("message", "Scan this code with your wallet app and pay.");
    data.put("qrPayload", "https://pay.gaskiosk.example/qr/9f2c41d0");
    data.put("secondsLeft", 95L);
    data.put("quote", quote());
    return data;
  }

  static Map<String, Object> qrScanBadCode() {
    Map<String, Object> data = new LinkedHashMap<>(qrShown());
    data.put("method", "qr-scan");
    data.put("status", "waiting-code");
    data.remove("qrPayload");
    data.put("badScans", 1L);
    data.put("message", "That is not a payment code.");
    return data;
  }

  static Map<String, Object> qrUnconfirmed() {
    Map<String, Object> data = new LinkedHashMap<>(qrScanBadCode());
    data.put("status", "unconfirmed");
    data.remove("badScans");
    data.remove("secondsLeft");
    data.put("message", "The payment provider did not answer; reference Q7Q4K2M9B.");
    return data;
  }

  static Map<String, Object> accountWithOrders() {
    Map<String, Object> data = account();
    data.put("safetyStatus", "ok");
    data.put("safetyNotice", "");
    data.put(
        "orders",
        List.of(
            Map.of("orderId", "W-1001", "amount", 5000L, "description", "微信公众号订单 2025-02-10"),
            Map.of("orderId", "W-1002", "amount", 2000L, "description", "营业厅代缴 2025-02-12")));
    return data;
  }

  static Map<String, Object> accountOnHold(boolean booked) {
    Map<String, Object> data = account();
    data.put("safetyStatus", "hold");
    data.put("safetyNotice", "燃气设施未通过安全检查，请预约安检后再购气。");
    data.put("canBuy", false);
    data.put("orders", List.of());
    if (booked) {
      data.put(
          "serviceRequests",
          List.of(Map.of("requestId", "r-1", "reference", "S3F9A01C2", "kind", "inspection")));
    }
    return data;
  }

  static Map<String, Object> doneRated() {
    Map<String, Object> data = new LinkedHashMap<>(done());
    data.put("rated", "good");
    return data;
  }

  static Map<String, Object> done() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("txnId", "T20250101-000042");
    data.put("reference", "R7Q4K2M9A");
    data.put("loaded", 10000L);
    data.put("unit", "fen");
    data.put("money", 10000L);
    data.put("newBalance", 22345L);
    data.put("kind", "purchase");
    return data;
  }

  static Map<String, Object> amount() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("unit", "fen");
    data.put("min", 1000L);
    data.put("max", 200000L);
    data.put("presets", List.of(5000L, 10000L, 20000L, 50000L));
    data.put("quote", quote());
    return data;
  }

  static Map<String, Object> quote() {
    return Map.of(
        "amount", 10000L,
        "volume", 3068L,
        "tiers",
            List.of(
                Map.of("tier", 1L, "volume", 1675L, "price", 315L, "amount", 5276L),
                Map.of("tier", 2L, "volume", 1393L, "price", 339L, "amount", 4724L)));
  }
}
