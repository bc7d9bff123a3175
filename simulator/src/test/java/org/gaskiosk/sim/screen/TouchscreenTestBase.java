package org.gaskiosk.sim.screen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Map;
import org.gaskiosk.sim.DemoDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The resident's page in a real headless Chromium over a whole demo, shared by the touchscreen
 * tests: one demo and one browser for the class, and each test starting from the page's defaults
 * (Chinese, not accessible, idle) and ending with the card out and the landscape viewport back.
 */
abstract class TouchscreenTestBase {
  @RegisterExtension static final DemoDriver demo = new DemoDriver();
  static KioskBrowser browser;
  static SimHttp http;

  @BeforeAll
  static void startBrowser() throws Exception {
    http = new SimHttp(demo.kioskPort(), demo.simPort());
    browser = new KioskBrowser(1280, 800);
    browser.viewport(1280, 800);
  }

  @AfterAll
  static void stopBrowser() throws Exception {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }

  @BeforeEach
  void freshPage() throws Exception {
    // Each test starts from the defaults whatever the previous one left.
    http.act("set-language", "{\"lang\":\"zh-CN\"}");
    http.act("set-accessible", "{\"on\":false}");
    browser.open("http://127.0.0.1:" + demo.kioskPort() + "/");
    browser.awaitScreen("idle");
  }

  @AfterEach
  void cardOut() throws Exception {
    http.sim("POST", "/sim/card/remove", "");
    browser.awaitScreen("idle");
    browser.viewport(1280, 800);
  }

  /** The page's texts in this language, as the page loads them. */
  @SuppressWarnings("unchecked")
  static Map<String, String> texts(String lang) throws Exception {
    try (InputStream in =
        TouchscreenTestBase.class.getResourceAsStream("/public/i18n/" + lang + ".json")) {
      return new ObjectMapper().readValue(in, Map.class);
    }
  }

  /** The page's main content does not need scrolling (the purchase path fits the screen). */
  static void assertNoScrolling() {
    Object overflow =
        browser.js(
            "const b = document.querySelector('#screen > .screen .body');"
                + "const s = document.scrollingElement;"
                + "return (b ? b.scrollHeight - b.clientHeight : 0) + (s.scrollHeight - s.clientHeight);");
    assertThat(((Number) overflow).intValue())
        .as("pixels to scroll on " + browser.screen())
        .isLessThanOrEqualTo(0);
  }
}
