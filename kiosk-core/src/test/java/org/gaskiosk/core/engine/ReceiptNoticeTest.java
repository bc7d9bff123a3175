package org.gaskiosk.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.journal.CrashPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptNoticeTest {
  @TempDir Path dir;
  private FakePurse card;
  private EngineHarness kiosk;

  @BeforeEach
  void start() {
    card = new FakePurse("3100000000000001", CardUnit.FEN, 1200);
    kiosk = new EngineHarness(dir, card, new FakeCentral(), CrashPoint.NONE).start();
  }

  @AfterEach
  void stop() {
    kiosk.close();
  }

  @Test
  void the_resident_is_told_before_paying_that_no_receipt_can_be_printed() {
    kiosk.printer.ready = false;
    card.inserted = true;
    kiosk.awaitScreen("account");

    KioskView amount = kiosk.done("start-purchase", Map.of());
    assertThat(amount.data())
        .containsEntry("receiptAvailable", false)
        .containsEntry("receiptWarning", ReceiptNotice.WARNING);
    kiosk.done("set-amount", Map.of("amount", 5000L));

    kiosk.printer.ready = true; // the roll was changed meanwhile: asked again before paying
    KioskView cash = kiosk.done("choose-payment", Map.of("method", "cash"));
    assertThat(cash.data())
        .containsEntry("receiptAvailable", true)
        .doesNotContainKey("receiptWarning");
  }

  @Test
  void the_purchase_receipt_shows_the_volume_and_its_tier_split_in_chinese() {
    card.inserted = true;
    kiosk.awaitScreen("account");
    kiosk.done("start-purchase", Map.of());
    kiosk.done("set-amount", Map.of("amount", 5000L));
    kiosk.done("choose-payment", Map.of("method", "cash"));
    kiosk.acceptor.insert(5000);
    kiosk.done("finish-cash", Map.of());

    assertThat(kiosk.printer.printed).hasSize(1);
    assertThat(kiosk.printer.printed.get(0).lines())
        .anySatisfy(l -> assertThat(l).startsWith("气量 Volume: ").endsWith(" m3"))
        .anySatisfy(l -> assertThat(l).startsWith("  第1阶梯 Tier 1: ").contains(" 元/m3 = "));
  }
}
