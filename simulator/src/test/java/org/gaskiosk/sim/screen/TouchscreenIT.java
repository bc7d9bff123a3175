package org.gaskiosk.sim.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gaskiosk.sim.Demo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resident's page in a real headless Chromium over the whole demo (embedded broker, central
 * simulator, simulated card and acceptor, the production controller): everything a resident does is
 * a click on the page; only the resident's hands (card, banknotes) go through the control API.
 */
class TouchscreenIT extends TouchscreenTestBase {
  private static final String MONEY_CARD = "3100000000000001";
  private static final String HOLD_CARD = "3100000000000003";
  private static final String TOOL_CARD = "9900000000000005";
  private static Map<String, String> en;
  private static Map<String, String> zh;

  @BeforeAll
  static void loadTexts() throws Exception {
    en = texts("en");
    zh = texts("zh-CN");
  }

  @Test
  void a_resident_buys_50_yuan_of_gas_with_banknotes_by_touch_alone() throws Exception {
    http.sim("POST", "/sim/cards/" + MONEY_CARD + "/insert", "");
    browser.awaitScreen("account");
    assertNoScrolling();
    browser.action("start-purchase");
    browser.awaitScreen("amount");
    browser.keypad("50");
    browser.awaitText("#screen .display", "50");
    assertNoScrolling();
    browser.viewport(800, 1280);
    assertNoScrolling();
    browser.viewport(1280, 800);
    browser.click("[data-action='set-amount'][data-amount='5000']");

    browser.awaitScreen("pay-method");
    String quote = browser.text("#screen .quote");
    assertThat(quote).contains("¥50.00").contains("m³").contains("第 1 档");
    assertNoScrolling();
    browser.click("[data-action='choose-payment'][data-method='cash']");

    browser.awaitScreen("cash");
    assertNoScrolling();
    for (int note : new int[] {2000, 2000, 1000}) {
      http.sim("POST", "/sim/banknotes", "{\"value\":" + note + "}");
    }
    browser.awaitText("#screen .field.big .value", "¥50.00");
    browser.action("finish-cash");

    browser.awaitScreen("done");
    assertThat(browser.text("#screen h1")).isEqualTo(zh.get("screen.done.title.purchase"));
    assertThat(browser.text("#screen .fields")).contains("¥50.00").contains("¥62.00");
    assertNoScrolling();
    browser.click("[data-action='rate-service'][data-rating='good']");
    browser.awaitText("#screen .rating", "谢谢");

    JsonNode feedback =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> http.sim("GET", "/sim/central/feedback", null),
                f -> f.path("ratings").path("good").asLong() == 1);
    assertThat(feedback.path("byKiosk").path("K0001").path("good").asLong()).isEqualTo(1);
    JsonNode card = cardInfo(MONEY_CARD);
    assertThat(card.path("balance").asLong()).isEqualTo(1200 + 5000);
  }

  @Test
  void one_touch_switches_every_text_to_english_and_back_to_chinese() {
    assertThat(browser.text("#screen h1")).isEqualTo(zh.get("screen.idle.title"));
    browser.action("set-language");
    browser.awaitText("#screen h1", en.get("screen.idle.title"));
    String all = pageTextBesidesTheLanguageButton(); // "中文" on that button is meant
    assertThat(all)
        .as("no Chinese left on the English page")
        .doesNotContainPattern("[\\u4e00-\\u9fff]");
    assertThat(browser.js("return document.documentElement.lang")).isEqualTo("en");

    browser.click("[data-local='help']");
    browser.awaitText("#overlay", en.get("help.hotline"));
    assertThat(pageTextBesidesTheLanguageButton()).doesNotContainPattern("[\\u4e00-\\u9fff]");
    browser.click("[data-local='close-help']");

    browser.action("set-language");
    browser.awaitText("#screen h1", zh.get("screen.idle.title"));
  }

  @Test
  void without_the_central_system_the_page_asks_to_leave_the_card_in_and_serves_it_when_back()
      throws Exception {
    http.sim("POST", "/sim/network", "{\"up\":false}");
    try {
      http.sim("POST", "/sim/cards/" + MONEY_CARD + "/insert", "");
      browser.awaitScreen("refused");
      assertThat(browser.text("#screen .reason")).isEqualTo(zh.get("reason.central-unreachable"));
      // The kiosk asks again by itself: the page must not tell the resident to take the card.
      assertThat(browser.text("#screen h1"))
          .isEqualTo(zh.get("screen.refused.title.central-unreachable"));
      assertThat(browser.text("#screen .hint"))
          .isEqualTo(zh.get("screen.refused.hint.central-unreachable"))
          .isNotEqualTo(zh.get("screen.refused.hint"));
    } finally {
      http.sim("POST", "/sim/network", "{\"up\":true}");
    }
    browser.awaitScreen("account"); // reconnected, and the card in the slot looked up again
  }

  @Test
  void accessible_mode_enlarges_the_page_speaks_each_step_offline_and_gives_more_time()
      throws Exception {
    double before = fontSize("#screen h1");
    browser.click("#screen [data-action='set-accessible'][data-on='true']");
    browser.awaitCondition(
        "accessible", d -> browser.body().getAttribute("class").contains("accessible"));
    assertThat(fontSize("#screen h1")).isGreaterThan(before * 1.2);
    assertThat(color("body")).isEqualTo("rgb(0, 0, 0)");
    awaitVoice("idle");

    http.sim("POST", "/sim/cards/" + MONEY_CARD + "/insert", "");
    browser.awaitScreen("account");
    awaitVoice("account");
    browser.action("start-purchase");
    browser.awaitScreen("amount");
    awaitVoice("amount");
    // The configured choice timeout is 60 s; accessible mode doubles it.
    assertThat(http.state().path("data").path("secondsLeft").asLong()).isGreaterThan(100);
    assertThat(browser.text("#caption")).isEqualTo(zh.get("voice.amount"));

    // Every file the page loaded came from the kiosk itself: nothing needs a network.
    @SuppressWarnings("unchecked")
    List<String> urls =
        (List<String>)
            browser.js(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                    + ".concat([location.href])");
    assertThat(urls)
        .isNotEmpty()
        .allMatch(u -> u.startsWith("http://127.0.0.1:" + demo.kioskPort() + "/"));
    assertThat(urls).anyMatch(u -> u.endsWith("/voice/zh-CN/amount.ogg"));
    browser.action("cancel");
    browser.awaitScreen("account");
  }

  @Test
  void a_resident_under_a_safety_hold_books_an_inspection_that_reaches_the_central_system()
      throws Exception {
    http.sim("POST", "/sim/cards/" + HOLD_CARD + "/insert", "");
    browser.awaitScreen("account");
    assertThat(
            browser
                .driver
                .findElement(org.openqa.selenium.By.cssSelector("[data-action='start-purchase']"))
                .isEnabled())
        .isFalse();
    assertThat(browser.text("#screen .safety")).contains(zh.get("safety.hold"));
    browser.click("#screen [data-action='request-service'][data-kind='inspection']");
    browser.awaitText("#screen .booked", zh.get("service.booked.inspection"));
    String reference = browser.text("#screen .booked").replaceAll(".*(S[0-9A-F]{8}).*", "$1");
    assertThat(reference).matches("S[0-9A-F]{8}");

    JsonNode requests =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> http.sim("GET", "/sim/central/service-requests", null), r -> r.size() > 0);
    JsonNode booked = null;
    for (JsonNode r : requests) {
      if (r.path("reference").asText().equals(reference)) {
        booked = r;
      }
    }
    assertThat(booked).as("request " + reference + " at the central").isNotNull();
    assertThat(booked.path("kind").asText()).isEqualTo("inspection");
    assertThat(booked.path("cardNo").asText()).isEqualTo(HOLD_CARD);
    assertThat(booked.path("safetyStatus").asText()).isEqualTo("hold");
    assertThat(booked.path("kioskId").asText()).isEqualTo("K0001");
  }

  @Test
  void help_with_the_hotline_and_kiosk_number_opens_from_any_screen_and_reports_a_problem()
      throws Exception {
    browser.click("[data-local='help']");
    browser.awaitText("#overlay .hotline", Demo.DEMO_HOTLINE);
    assertThat(browser.text("#overlay .hotline")).contains("K0001");
    browser.click("#overlay [data-local='report-problem']");
    browser.click(
        "#overlay [data-action='request-service'][data-kind='problem'][data-topic='kiosk']");
    browser.awaitText("#overlay .confirmations", zh.get("service.booked.problem"));
    browser.click("[data-local='close-help']");

    http.sim("POST", "/sim/cards/" + TOOL_CARD + "/insert", "");
    browser.awaitScreen("refused");
    assertThat(browser.text("#screen .reason")).isEqualTo(zh.get("reason.tool-card"));
    assertThat(browser.text("#screen .todo")).contains(zh.get("todo.tool-card"));
    browser.click("[data-local='help']");
    browser.awaitText("#overlay .hotline", Demo.DEMO_HOTLINE);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> http.sim("GET", "/sim/central/service-requests", null),
            r -> {
              for (JsonNode x : r) {
                if (x.path("kind").asText().equals("problem")
                    && x.path("topic").asText().equals("kiosk")) {
                  return true;
                }
              }
              return false;
            });
  }

  private static String pageTextBesidesTheLanguageButton() {
    return String.valueOf(
        browser.js(
            "const copy = document.body.cloneNode(true);"
                + "copy.querySelectorAll('[data-action=\"set-language\"]').forEach(n => n.remove());"
                + "copy.style.position = 'absolute'; document.documentElement.append(copy);"
                + "const text = copy.innerText; copy.remove(); return text;"));
  }

  private static void awaitVoice(String clip) {
    browser.awaitCondition(
        "voice " + clip + " playing or played",
        d ->
            clip.equals(browser.body().getAttribute("data-voice"))
                && List.of("playing", "ended")
                    .contains(browser.body().getAttribute("data-voice-state")));
  }

  private static double fontSize(String css) {
    return Double.parseDouble(
        String.valueOf(
                browser.js(
                    "return getComputedStyle(document.querySelector(arguments[0])).fontSize", css))
            .replace("px", ""));
  }

  private static String color(String css) {
    return String.valueOf(
        browser.js(
            "return getComputedStyle(document.querySelector(arguments[0])).backgroundColor", css));
  }

  private static JsonNode cardInfo(String cardNo) throws Exception {
    for (JsonNode c : http.sim("GET", "/sim/cards", null)) {
      if (c.path("cardNo").asText().equals(cardNo)) {
        return c;
      }
    }
    throw new AssertionError("no card " + cardNo);
  }
}
