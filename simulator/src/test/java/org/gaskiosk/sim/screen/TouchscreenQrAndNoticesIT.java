package org.gaskiosk.sim.screen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * What the three branches merged beside the touchscreen redesign add to the resident's page, in a
 * real headless Chromium over the whole demo (as {@link TouchscreenIT}): QR payments by touch (the
 * wallet's code under the simulated scanner, and the kiosk's QR paid from the simulated wallet),
 * the meter's notices on the account screen, the untaken-load refusal in the page's words, and the
 * staff's maintenance page reached by five taps in the top-left corner.
 */
class TouchscreenQrAndNoticesIT extends TouchscreenTestBase {
  private static final String MONEY_CARD = "3100000000000001";
  private static final String LOW_BATTERY_CARD = "3100000000000006";
  private static final String UNTAKEN_LOAD_CARD = "3100000000000007";

  /** A payment code as wallets show it (18 digits, docs/automation-api.md). */
  private static final String WALLET_CODE = "283456789012345678";

  private static Map<String, String> zh;

  @BeforeAll
  static void loadTexts() throws Exception {
    zh = texts("zh-CN");
  }

  /** No scrolling in landscape and in portrait, back to landscape after. */
  private static void assertFitsBothWays() {
    assertNoScrolling();
    browser.viewport(800, 1280);
    assertNoScrolling();
    browser.viewport(1280, 800);
  }

  /** From a card in the slot to the pay-method screen for 30 yuan, by touch. */
  private static void toPayMethodFor30Yuan() throws Exception {
    http.sim("POST", "/sim/cards/" + MONEY_CARD + "/insert", "");
    browser.awaitScreen("account");
    browser.action("start-purchase");
    browser.awaitScreen("amount");
    browser.keypad("30");
    browser.click("[data-action='set-amount'][data-amount='3000']");
    browser.awaitScreen("pay-method");
    for (String method : new String[] {"qr-scan", "qr-show"}) {
      WebElement choice =
          browser.driver.findElement(
              By.cssSelector("[data-action='choose-payment'][data-method='" + method + "']"));
      assertThat(choice.isEnabled()).as(method + " offered").isTrue();
      assertThat(choice.getText()).contains(zh.get("pay." + method));
    }
    assertFitsBothWays();
  }

  @Test
  void a_resident_pays_by_holding_the_wallet_code_under_the_scanner_and_the_gas_is_loaded()
      throws Exception {
    long before = cardBalance(MONEY_CARD);
    toPayMethodFor30Yuan();
    browser.click("[data-action='choose-payment'][data-method='qr-scan']");

    browser.awaitScreen("qr");
    browser.awaitText("#screen .qr-status", zh.get("qr.status.waiting-code"));
    assertThat(browser.text("#screen h1")).isEqualTo(zh.get("qr.title.qr-scan"));
    assertThat(browser.text("#screen .field.big .value")).isEqualTo("¥30.00");
    assertThat(browser.text("#screen .qr-left")).contains("秒");
    assertFitsBothWays();

    http.sim("POST", "/sim/qr/scan", "{\"code\":\"" + WALLET_CODE + "\"}");
    browser.awaitScreen("done");
    assertThat(browser.text("#screen h1")).isEqualTo(zh.get("screen.done.title.purchase"));
    assertThat(browser.text("#screen .fields")).contains("¥30.00");
    assertThat(cardBalance(MONEY_CARD)).isEqualTo(before + 3000);
  }

  @Test
  void a_resident_pays_by_scanning_the_kiosk_qr_with_the_wallet_and_the_gas_is_loaded()
      throws Exception {
    long before = cardBalance(MONEY_CARD);
    toPayMethodFor30Yuan();
    browser.click("[data-action='choose-payment'][data-method='qr-show']");

    browser.awaitScreen("qr");
    browser.awaitText("#screen .qr-status", zh.get("qr.status.shown"));
    assertThat(browser.text("#screen h1")).isEqualTo(zh.get("qr.title.qr-show"));
    // The controller's SVG was fetched and drawn, at a size a phone camera reads.
    browser.awaitCondition(
        "QR image loaded",
        d ->
            Boolean.TRUE.equals(
                browser.js(
                    "const i = document.querySelector('#screen img.qr-code');"
                        + "return !!i && i.complete && i.naturalWidth > 0"
                        + " && i.getAttribute('src').startsWith('api/qr.svg')"
                        + " && i.getBoundingClientRect().width >= 250;")));
    assertFitsBothWays();

    http.sim("POST", "/sim/qr/pay", "{}");
    browser.awaitScreen("done");
    assertThat(browser.text("#screen .fields")).contains("¥30.00");
    assertThat(cardBalance(MONEY_CARD)).isEqualTo(before + 3000);
  }

  @Test
  void the_account_screen_tells_the_resident_the_meter_battery_is_low() throws Exception {
    http.sim("POST", "/sim/cards/" + LOW_BATTERY_CARD + "/insert", "");
    browser.awaitScreen("account");
    browser.awaitText("#screen .meter-notice.meter-low-battery", zh.get("meter.low-battery"));
    assertThat(browser.text("#screen .meter-notice.meter-low-battery"))
        .contains(zh.get("meter.todo.low-battery"));
    assertFitsBothWays();
  }

  @Test
  void a_card_still_carrying_gas_is_refused_with_what_to_do_in_the_residents_words()
      throws Exception {
    http.sim("POST", "/sim/cards/" + UNTAKEN_LOAD_CARD + "/insert", "");
    browser.awaitScreen("refused");
    assertThat(http.state().path("data").path("reasonCode").asText()).isEqualTo("untaken-load");
    assertThat(browser.text("#screen .reason")).isEqualTo(zh.get("reason.untaken-load"));
    assertThat(browser.text("#screen .todo")).contains(zh.get("todo.untaken-load"));
  }

  @Test
  void staff_open_the_maintenance_page_with_five_taps_top_left_and_log_in_with_the_pin()
      throws Exception {
    String pin =
        Files.readString(demo.data().resolve("demo-staff-pin.txt"), StandardCharsets.US_ASCII)
            .strip();
    Actions taps = new Actions(browser.driver);
    for (int i = 0; i < 5; i++) {
      taps.moveToLocation(12, 12).click();
    }
    taps.perform();
    browser.awaitCondition(
        "maintenance page", d -> d.getCurrentUrl().endsWith("/maintenance.html"));
    browser.awaitCondition("login form", d -> d.findElement(By.id("m-login")).isDisplayed());

    for (char c : "demo".toCharArray()) {
      browser.click("#m-keys [data-key='" + c + "']");
    }
    browser.click("#m-keys [data-key='keys.next']");
    for (char c : pin.toCharArray()) {
      browser.click("#m-keys [data-key='" + c + "']");
    }
    browser.click("#m-login-go");
    browser.awaitCondition("visit shown", d -> d.findElement(By.id("m-visit")).isDisplayed());
    assertThat(browser.text("#m-status")).contains("demo");
    JsonNode resident = http.state();
    assertThat(resident.path("screen").asText()).isEqualTo("out-of-service");
    // The staff's touch targets are as large as the resident's.
    Number height =
        (Number)
            browser.js(
                "return document.querySelector(\"[data-action='logout']\")"
                    + ".getBoundingClientRect().height");
    assertThat(height.intValue()).isGreaterThanOrEqualTo(88);

    browser.click("[data-action='logout']");
    browser.awaitCondition("login form again", d -> d.findElement(By.id("m-login")).isDisplayed());
    browser.click("#m-back");
    browser.awaitScreen("idle");
  }

  private static long cardBalance(String cardNo) throws Exception {
    for (JsonNode c : http.sim("GET", "/sim/cards", null)) {
      if (c.path("cardNo").asText().equals(cardNo)) {
        return c.path("balance").asLong();
      }
    }
    throw new AssertionError("no card " + cardNo);
  }
}
