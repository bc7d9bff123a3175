package org.gaskiosk.ui;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.engine.KioskView;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Prints the page's transfer size and time to first render, measured in Debian's headless Chromium
 * with the browser cache cleared before every load (the figures of docs/touchscreen.md). A
 * benchmark, not a test: it asserts nothing and is not part of the normal build; run it with
 *
 * <pre>mvn -o -pl kiosk-ui -am -Dtest=PageLoadFigures -Dsurefire.failIfNoSpecifiedTests=false test
 * </pre>
 */
class PageLoadFigures {
  private static final int LOADS = 15;

  @Test
  void print_transfer_size_and_first_render() throws Exception {
    FakeKioskApi engine = new FakeKioskApi();
    engine.publish(new KioskView(2, "account", "zh-CN", false, SampleScreens.account()));
    KioskUiServer server = new KioskUiServer(engine, "127.0.0.1", 0);
    server.start();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,800",
        "--user-data-dir=" + Files.createTempDirectory("figures-chromium"));
    ChromeDriver driver =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .build(),
            options);
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    List<Double> fcp = new ArrayList<>();
    List<Double> firstScreen = new ArrayList<>();
    List<Double> loaded = new ArrayList<>();
    long bytes = 0;
    String files = "";
    try {
      for (int i = 0; i < LOADS; i++) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        driver.get("http://127.0.0.1:" + server.port() + "/");
        wait.until(
            d -> "account".equals(d.findElement(By.tagName("body")).getAttribute("data-screen")));
        wait.until(
            d ->
                ((Number)
                            driver.executeScript(
                                "return performance.getEntriesByName('first-contentful-paint').length"))
                        .intValue()
                    > 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> m =
            (Map<String, Object>)
                driver.executeScript(
                    "const nav = performance.getEntriesByType('navigation')[0];"
                        + "const res = performance.getEntriesByType('resource')"
                        + "  .filter(e => !e.name.includes('/api/events'));"
                        + "return {"
                        + " fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,"
                        + " screen: performance.getEntriesByName('kiosk-first-screen')[0].startTime,"
                        + " loaded: nav.loadEventEnd,"
                        + " bytes: nav.transferSize + res.reduce((a, e) => a + e.transferSize, 0),"
                        + " files: [nav.name + ' ' + nav.transferSize]"
                        + "   .concat(res.map(e => e.name + ' ' + e.transferSize)).join('\\n')};");
        fcp.add(((Number) m.get("fcp")).doubleValue());
        firstScreen.add(((Number) m.get("screen")).doubleValue());
        loaded.add(((Number) m.get("loaded")).doubleValue());
        bytes = ((Number) m.get("bytes")).longValue();
        files = (String) m.get("files");
      }
    } finally {
      driver.quit();
      server.stop();
    }
    System.out.println("page-load figures, " + LOADS + " cold loads (cache cleared each time):");
    System.out.println(files);
    System.out.println("transfer bytes (page, scripts, styles, texts, /api/state): " + bytes);
    System.out.println("first contentful paint ms: " + summary(fcp));
    System.out.println("first screen drawn ms:     " + summary(firstScreen));
    System.out.println("load event end ms:         " + summary(loaded));
  }

  private static String summary(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return String.format(
        "median %.0f, min %.0f, max %.0f",
        sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
  }
}
