package org.gaskiosk.sim.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gaskiosk.sim.DemoMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page holds no state of its own: the whole demo runs in a child JVM that is killed with
 * SIGKILL in the middle of a cash purchase and started again on the same data folder; the page,
 * left open, reconnects and shows what the restarted controller shows, and so does a reload.
 */
class TouchscreenRecoveryIT {
  private static final String MONEY_CARD = "3100000000000001";
  @TempDir Path data;
  private final int kioskPort = freePort();
  private final int simPort = freePort();
  private final int brokerPort = freePort();
  private final SimHttp http = new SimHttp(kioskPort, simPort);
  private Process demo;
  private KioskBrowser browser;
  private int starts;

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (demo != null) {
      demo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private void startDemo() {
    try {
      demo =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-cp",
                      System.getProperty("java.class.path"),
                      DemoMain.class.getName(),
                      "--data",
                      data.toString(),
                      "--kiosk-port",
                      String.valueOf(kioskPort),
                      "--sim-port",
                      String.valueOf(simPort),
                      "--broker-port",
                      String.valueOf(brokerPort)))
              .redirectErrorStream(true)
              .redirectOutput(
                  data.resolveSibling(data.getFileName() + "-demo-" + ++starts + ".log").toFile())
              .start();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> demo.isAlive() && http.state().has("screen"));
  }

  @Test
  void the_page_shows_the_right_screen_again_after_the_controller_is_killed_mid_purchase()
      throws Exception {
    startDemo();
    browser = new KioskBrowser(1280, 800);
    browser.open("http://127.0.0.1:" + kioskPort + "/");
    browser.awaitScreen("idle");
    http.sim("POST", "/sim/cards/" + MONEY_CARD + "/insert", "");
    browser.awaitScreen("account");
    browser.action("start-purchase");
    browser.awaitScreen("amount");
    browser.keypad("20");
    browser.click("[data-action='set-amount'][data-amount='2000']");
    browser.awaitScreen("pay-method");
    browser.click("[data-action='choose-payment'][data-method='cash']");
    browser.awaitScreen("cash");
    assertThat(http.sim("POST", "/sim/banknotes", "{\"value\":2000}").path("outcome").asText())
        .isEqualTo("stacked");
    browser.awaitText("#screen .field.big .value", "¥20.00");

    demo.destroyForcibly(); // SIGKILL: no shutdown hook, no orderly close
    assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
    browser.awaitCondition(
        "the page says the connection is lost",
        d -> browser.driver.findElement(org.openqa.selenium.By.id("banner")).isDisplayed());

    startDemo();
    // The card stayed in the slot. The restarted controller either loads the 20 yuan it had taken
    // at once (account, with that load among the recovered ones) or, when its first request to the
    // central system races the uplink's connect, keeps it as a pending credit with a reference
    // (loaded at the card's next insertion). Either way the page follows the controller by itself
    // and shows where the resident's money is.
    browser.awaitCondition(
        "the page follows the restarted controller",
        d -> {
          String shown = browser.screen();
          return ("account".equals(shown) || "pending".equals(shown))
              && !browser.driver.findElement(org.openqa.selenium.By.id("banner")).isDisplayed()
              && shown.equals(controllerScreen());
        });
    String screen = browser.screen();
    if (screen.equals("account")) {
      browser.awaitText("#screen .panel.good", "¥20.00");
      browser.driver.navigate().refresh();
      browser.awaitScreen("account");
      browser.awaitText("#screen .panel.good", "¥20.00");
      assertThat(browser.text("#screen .fields")).contains("¥32.00");
    } else {
      String reference = http.state().path("data").path("reference").asText();
      assertThat(reference).isNotBlank();
      assertThat(browser.text("#screen")).contains("¥20.00", reference);
      browser.driver.navigate().refresh();
      browser.awaitScreen("pending");
      assertThat(browser.text("#screen")).contains("¥20.00", reference);
    }
  }

  private String controllerScreen() {
    try {
      return http.state().path("screen").asText();
    } catch (Exception e) {
      return "unreachable: " + e;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
