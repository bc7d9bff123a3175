package org.gaskiosk.sim.screen;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (no driver download: Selenium
 * Manager is not asked), looking at the kiosk page as the kiosk's own Chromium does. Waits on page
 * conditions only: the screen the page shows is on {@code <body data-screen>}.
 */
final class KioskBrowser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  final ChromeDriver driver;
  final WebDriverWait wait;
  private final Path profile;

  KioskBrowser(int width, int height) throws Exception {
    for (String tool : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!new File(tool).canExecute()) {
        throw new IllegalStateException(
            tool + " is missing: apt-get install chromium chromium-driver (scripts/test.sh does)");
      }
    }
    profile = Files.createTempDirectory("kiosk-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--lang=zh-CN",
        "--force-device-scale-factor=1",
        // As the kiosk's Chromium runs: spoken prompts play without a touch first (docs).
        "--autoplay-policy=no-user-gesture-required",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50));
    wait.ignoring(StaleElementReferenceException.class);
  }

  void open(String url) {
    driver.get(url);
    awaitCondition("page connected", d -> body().getAttribute("data-screen") != null);
  }

  /** Sets the page's viewport (not the window's outer size) to width x height. */
  void viewport(int width, int height) {
    Dimension outer = driver.manage().window().getSize();
    long innerW = ((Number) js("return window.innerWidth")).longValue();
    long innerH = ((Number) js("return window.innerHeight")).longValue();
    driver
        .manage()
        .window()
        .setSize(
            new Dimension(
                (int) (outer.getWidth() + width - innerW),
                (int) (outer.getHeight() + height - innerH)));
    awaitCondition(
        "viewport " + width + "x" + height,
        d ->
            ((Number) js("return window.innerWidth")).intValue() == width
                && ((Number) js("return window.innerHeight")).intValue() == height);
  }

  WebElement body() {
    return driver.findElement(By.tagName("body"));
  }

  String screen() {
    return body().getAttribute("data-screen");
  }

  void awaitScreen(String screen) {
    awaitCondition("screen " + screen, d -> screen.equals(screen()));
  }

  void awaitCondition(String what, java.util.function.Function<ChromeDriver, Boolean> condition) {
    wait.withMessage(() -> what + "; page shows " + safeScreen() + ": " + safeText())
        .until(d -> condition.apply(driver));
  }

  /** Clicks the enabled element matching css once it is there, as a finger would. */
  void click(String css) {
    wait.withMessage(() -> "no enabled " + css + " on " + safeScreen() + ": " + safeText())
        .ignoring(ElementClickInterceptedException.class)
        .until(
            d -> {
              List<WebElement> found = driver.findElements(By.cssSelector(css));
              if (found.isEmpty() || !found.get(0).isDisplayed() || !found.get(0).isEnabled()) {
                return false;
              }
              found.get(0).click();
              return true;
            });
  }

  void action(String name) {
    click("[data-action='" + name + "']");
  }

  /** Types digits on the page's own keypad. */
  void keypad(String keys) {
    for (char c : keys.toCharArray()) {
      click("#screen [data-local='key'][data-key='" + c + "']");
    }
  }

  String text(String css) {
    return wait.withMessage(() -> "no " + css + " on " + safeScreen())
        .until(
            d -> {
              List<WebElement> found = driver.findElements(By.cssSelector(css));
              return found.isEmpty() ? null : found.get(0).getText();
            });
  }

  void awaitText(String css, String contains) {
    awaitCondition(
        css + " containing \"" + contains + "\"",
        d ->
            driver.findElements(By.cssSelector(css)).stream()
                .anyMatch(e -> e.getText().contains(contains)));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  byte[] screenshot() {
    return driver.getScreenshotAs(OutputType.BYTES);
  }

  private String safeScreen() {
    try {
      return screen();
    } catch (RuntimeException e) {
      return "?";
    }
  }

  private String safeText() {
    try {
      String t = body().getText().replace('\n', ' ');
      return t.length() > 400 ? t.substring(0, 400) + "..." : t;
    } catch (RuntimeException e) {
      return "?";
    }
  }

  @Override
  public void close() throws Exception {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
