package org.gaskiosk.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.engine.KioskView;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Generates docs/screens: every screen of the page in both languages (and the accessible mode and
 * portrait layout of a few), from {@link SampleScreens} over a fake engine, in Debian's headless
 * Chromium. Not part of the normal build (the class name matches no test pattern); run it with
 *
 * <pre>mvn -o -pl kiosk-ui -am -Pscreens verify</pre>
 *
 * which writes into {@code docs/screens} (system property {@code screens.dir}).
 */
class PageScreenshots {

  private record Shot(
      String name,
      String screen,
      Map<String, Object> data,
      boolean accessible,
      String open,
      int width,
      int height) {}

  private static List<Shot> shots() {
    Map<String, Map<String, Object>> s = SampleScreens.all();
    List<Shot> list = new ArrayList<>();
    for (String screen : s.keySet()) {
      if (!screen.equals("self-test")) {
        list.add(new Shot(screen, screen, s.get(screen), false, null, 1280, 800));
      }
    }
    list.add(
        new Shot(
            "account-orders",
            "account",
            SampleScreens.accountWithOrders(),
            false,
            null,
            1280,
            800));
    list.add(
        new Shot(
            "account-hold", "account", SampleScreens.accountOnHold(false), false, null, 1280, 800));
    list.add(
        new Shot(
            "account-hold-booked",
            "account",
            SampleScreens.accountOnHold(true),
            false,
            null,
            1280,
            800));
    list.add(
        new Shot(
            "refused-tool-card",
            "refused",
            Map.of("reasonCode", "tool-card", "cardNo", "9900****0005"),
            false,
            null,
            1280,
            800));
    list.add(new Shot("done-rated", "done", SampleScreens.doneRated(), false, null, 1280, 800));
    list.add(
        new Shot(
            "account-low-battery",
            "account",
            SampleScreens.accountLowBattery(),
            false,
            null,
            1280,
            800));
    list.add(
        new Shot("account-leak", "account", SampleScreens.accountLeak(), false, null, 1280, 800));
    list.add(
        new Shot(
            "portrait-account-leak",
            "account",
            SampleScreens.accountLeak(),
            false,
            null,
            800,
            1280));
    list.add(
        new Shot(
            "refused-untaken-load",
            "refused",
            Map.of("reasonCode", "untaken-load", "cardNo", "3100****0007"),
            false,
            null,
            1280,
            800));
    list.add(new Shot("qr-scan", "qr", SampleScreens.qrScanBadCode(), false, null, 1280, 800));
    list.add(
        new Shot("qr-unconfirmed", "qr", SampleScreens.qrUnconfirmed(), false, null, 1280, 800));
    list.add(new Shot("portrait-qr", "qr", s.get("qr"), false, null, 800, 1280));
    list.add(new Shot("accessible-qr", "qr", s.get("qr"), true, null, 1280, 800));
    list.add(new Shot("help", "idle", Map.of(), false, "help", 1280, 800));
    list.add(new Shot("help-problem", "idle", Map.of(), false, "report-problem", 1280, 800));
    list.add(new Shot("help-callback", "idle", Map.of(), false, "callback-phone", 1280, 800));
    list.add(new Shot("accessible-idle", "idle", Map.of(), true, null, 1280, 800));
    list.add(new Shot("accessible-amount", "amount", s.get("amount"), true, null, 1280, 800));
    list.add(new Shot("portrait-amount", "amount", s.get("amount"), false, null, 800, 1280));
    list.add(
        new Shot("portrait-pay-method", "pay-method", s.get("pay-method"), false, null, 800, 1280));
    return list;
  }

  @Test
  void every_screen_in_both_languages() throws Exception {
    Path out = Path.of(System.getProperty("screens.dir", "target/screens"));
    Files.createDirectories(out);
    FakeKioskApi engine = new FakeKioskApi();
    KioskUiServer server = new KioskUiServer(engine, "127.0.0.1", 0);
    server.start();
    Path profile = Files.createTempDirectory("screens-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--user-data-dir=" + profile);
    ChromeDriver driver =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .build(),
            options);
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    try {
      long version = 10;
      for (String lang : List.of("zh-CN", "en")) {
        for (Shot shot : shots()) {
          viewport(driver, shot.width(), shot.height());
          Map<String, Object> data = new LinkedHashMap<>(shot.data());
          data.putIfAbsent("kioskId", "K0001");
          data.putIfAbsent("hotline", "400-800-9510");
          engine.publish(new KioskView(++version, shot.screen(), lang, shot.accessible(), data));
          driver.get("http://127.0.0.1:" + server.port() + "/");
          wait.until(
              d ->
                  shot.screen()
                      .equals(d.findElement(By.tagName("body")).getAttribute("data-screen")));
          if (shot.open() != null) {
            driver.findElement(By.cssSelector("[data-local='help']")).click();
            if (!shot.open().equals("help")) {
              wait.until(
                  d ->
                      !d.findElements(By.cssSelector("#overlay [data-local='" + shot.open() + "']"))
                          .isEmpty());
              driver
                  .findElement(By.cssSelector("#overlay [data-local='" + shot.open() + "']"))
                  .click();
            }
            wait.until(d -> !d.findElements(By.id("overlay")).isEmpty());
          }
          // Fonts and the voice caption settle before the picture.
          wait.until(
              d ->
                  Boolean.TRUE.equals(
                      ((JavascriptExecutor) d)
                          .executeScript("return document.fonts.status === 'loaded'")));
          Files.write(
              out.resolve(shot.name() + "." + lang + ".png"),
              driver.getScreenshotAs(OutputType.BYTES));
          // Printed, not asserted: a screen that needs scrolling shows up here for the author.
          Object overflow =
              ((JavascriptExecutor) driver)
                  .executeScript(
                      "return [...document.querySelectorAll('#screen .body')]"
                          + ".reduce((m, b) => Math.max(m, b.scrollHeight - b.clientHeight), 0)");
          System.out.printf(
              "%-22s %-5s %4dx%-4d scroll %s px%n",
              shot.name(), lang, shot.width(), shot.height(), overflow);
        }
      }
    } finally {
      driver.quit();
      server.stop();
    }
  }

  private static void viewport(ChromeDriver driver, int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    JavascriptExecutor js = driver;
    long w = ((Number) js.executeScript("return window.innerWidth")).longValue();
    long h = ((Number) js.executeScript("return window.innerHeight")).longValue();
    driver
        .manage()
        .window()
        .setSize(new Dimension((int) (2L * width - w), (int) (2L * height - h)));
  }
}
