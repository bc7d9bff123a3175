package org.gaskiosk.core.maintenance;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gaskiosk.core.domain.Money;
import org.gaskiosk.core.journal.CashBox;
import org.gaskiosk.core.port.Receipt;

/** The slips staff take away: cash collection, self-test, daily settlement. Chinese first. */
final class MaintenanceReceipts {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private final String kioskId;
  private final Clock clock;

  MaintenanceReceipts(String kioskId, Clock clock) {
    this.kioskId = kioskId;
    this.clock = clock;
  }

  Receipt collection(CashBox.Collection c) {
    List<String> lines = new ArrayList<>();
    lines.add("现金收取凭条 CASH COLLECTION");
    lines.add("终端 Kiosk: " + kioskId);
    lines.add("时间 Time: " + LocalDateTime.ofInstant(c.collectedAt(), zone()).format(TIME));
    lines.add("维护员 Staff: " + c.staffId());
    c.counts()
        .forEach(
            (denomination, count) ->
                lines.add(
                    "面额 "
                        + Money.fen(denomination).toYuanString()
                        + " 元 x "
                        + count
                        + " = "
                        + Money.fen(denomination * count).toYuanString()
                        + " CNY"));
    lines.add("张数 Notes: " + c.notes());
    lines.add("合计 Total: " + Money.fen(c.total()).toYuanString() + " CNY");
    lines.add("收取号 Ref: " + shortRef(c.collectionId()));
    return new Receipt("collection", lines, shortRef(c.collectionId()));
  }

  Receipt selfTest(String visitId, Map<String, DeviceCheck.Result> results) {
    List<String> lines = new ArrayList<>();
    lines.add("设备自检 SELF-TEST");
    lines.add("终端 Kiosk: " + kioskId);
    lines.add("时间 Time: " + LocalDateTime.now(clock).format(TIME));
    results.forEach(
        (device, r) -> lines.add((r.ok() ? "正常 OK   " : "故障 FAIL ") + device + ": " + r.detail()));
    return new Receipt("self-test", lines, shortRef(visitId));
  }

  @SuppressWarnings("unchecked")
  Receipt settlement(Map<String, Object> r) {
    List<String> lines = new ArrayList<>();
    lines.add("日结报表 DAILY SETTLEMENT");
    lines.add("终端 Kiosk: " + kioskId);
    lines.add("营业日 Day: " + r.get("businessDay"));
    lines.add("时段 From: " + r.get("from"));
    lines.add("至 To: " + r.get("to"));
    Map<String, Object> txns = (Map<String, Object>) r.get("transactions");
    Map<String, Object> completed = (Map<String, Object>) txns.get("completed");
    lines.add(
        "完成充值 Loads: " + completed.get("count") + " / " + yuan(completed.get("money")) + " CNY");
    lines.add("取消 Cancelled: " + txns.get("cancelled"));
    Map<String, Object> cash = (Map<String, Object>) r.get("cash");
    lines.add("现金 Cash: " + cash.get("notes") + " 张 / " + yuan(cash.get("total")) + " CNY");
    ((Map<String, Object>) cash.get("byDenomination"))
        .forEach((d, n) -> lines.add("  " + yuan(Long.parseLong(d)) + " 元 x " + n));
    Map<String, Object> qr = (Map<String, Object>) r.get("qr");
    lines.add("扫码 QR: " + qr.get("count") + " / " + yuan(qr.get("money")) + " CNY");
    Map<String, Object> pending = (Map<String, Object>) r.get("pendingCredits");
    Map<String, Object> opened = (Map<String, Object>) pending.get("opened");
    Map<String, Object> open = (Map<String, Object>) pending.get("openAtClose");
    lines.add("待充值 Pending: " + opened.get("count") + " / " + yuan(opened.get("money")) + " CNY");
    lines.add("未结待充值 Open: " + open.get("count") + " / " + yuan(open.get("money")) + " CNY");
    lines.add("故障 Faults: " + ((List<Object>) r.get("faultsOpen")).size());
    return new Receipt("settlement", lines, "D" + r.get("businessDay").toString().replace("-", ""));
  }

  private ZoneId zone() {
    return clock.getZone();
  }

  private static String yuan(Object fen) {
    return Money.fen(((Number) fen).longValue()).toYuanString();
  }

  private static String shortRef(String id) {
    return "C" + id.replace("-", "").substring(0, 10).toUpperCase(Locale.ROOT);
  }
}
