package org.gaskiosk.core.engine;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.Money;
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
