package org.gaskiosk.core.engine;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.Money;
import org.gaskiosk.core.domain.Quote;
import org.gaskiosk.core.domain.TierSplit;
import org.gaskiosk.core.domain.Volume;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.port.Receipt;

/** Composes receipts from journal rows; the printer adapter renders them. */
final class Receipts {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private final String kioskId;
  private final Clock clock;

  Receipts(String kioskId, Clock clock) {
    this.kioskId = kioskId;
    this.clock = clock;
  }

  Receipt purchase(Txn t, long newBalance) {
    List<String> lines = header(t, "燃气充值凭条 GAS RECHARGE");
    lines.add("充值 Loaded: " + value(t.unit(), t.amount()));
    lines.add("金额 Money: " + Money.fen(t.money()).toYuanString() + " CNY");
    lines.addAll(volumeLines(t));
    if (t.paid() > 0) {
      lines.add("现金 Cash: " + Money.fen(t.paid()).toYuanString() + " CNY");
    }
    lines.add("余额 Balance: " + value(t.unit(), newBalance));
    lines.add("参考号 Ref: " + t.reference());
    return new Receipt("purchase", lines, t.reference());
  }

  Receipt pending(Txn t, String reason) {
    List<String> lines = header(t, "待充值凭条 PAYMENT RECEIVED - NOT YET LOADED");
    lines.add("已付 Paid: " + Money.fen(t.money()).toYuanString() + " CNY");
    lines.add("原因 Reason: " + reason);
    lines.add("请再次插卡即可充值 Insert this card again at any kiosk to load it.");
    lines.add("参考号 Ref: " + t.reference());
    return new Receipt("pending", lines, t.reference());
  }

  /**
   * Money returned to the resident (a QR payment refunded because nothing could be loaded).
   * Composed here so that every receipt shares one header; the QR payment path prints it.
   */
  Receipt refund(Txn t, long refundedFen, String reason) {
    List<String> lines = header(t, "退款凭条 REFUND");
    lines.add("退款 Refunded: " + Money.fen(refundedFen).toYuanString() + " CNY");
    lines.add("原因 Reason: " + reason);
    lines.add("未向卡内充值 Nothing was loaded onto the card.");
    lines.add("参考号 Ref: " + t.reference());
    return new Receipt("refund", lines, t.reference());
  }

  /**
   * The gas volume bought and how it falls across the tariff's tiers, from the quote frozen in the
   * journal (a pickup of orders has no quote and shows none).
   */
  static List<String> volumeLines(Txn t) {
    List<String> lines = new ArrayList<>();
    if (t.quoteJson() == null || t.quoteJson().isBlank()) {
      return lines;
    }
    Quote q = Quote.fromMap(Json.readMap(t.quoteJson()));
    lines.add("气量 Volume: " + q.volume().toM3String() + " m3");
    for (TierSplit.Portion p : q.split().portions()) {
      lines.add(
          "  第"
              + p.tier()
              + "阶梯 Tier "
              + p.tier()
              + ": "
              + p.volume().toM3String()
              + " m3 x "
              + Money.fen(p.fenPerM3()).toYuanString()
              + " 元/m3 = "
              + Money.fen(p.cost().fen()).toYuanString()
              + " CNY");
    }
    if (q.rounding().fen() != 0) {
      lines.add("  尾差 Rounding: " + q.rounding().toYuanString() + " CNY");
    }
    return lines;
  }

  private List<String> header(Txn t, String title) {
    List<String> lines = new ArrayList<>();
    lines.add(title);
    lines.add("终端 Kiosk: " + kioskId);
    lines.add("时间 Time: " + LocalDateTime.now(clock).format(TIME));
    lines.add("卡号 Card: " + CardSnapshot.mask(t.cardNo()));
    return lines;
  }

  static String value(CardUnit unit, long amount) {
    return unit == CardUnit.FEN
        ? Money.fen(amount).toYuanString() + " CNY"
        : Volume.centiM3(amount).toM3String() + " m3";
  }
}
