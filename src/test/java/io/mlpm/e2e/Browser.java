package io.mlpm.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium driven by Selenium, with the waits the Tasklist tests need. */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
  private static final Path ARTIFACTS = Paths.get("target/e2e");
  private static final Duration UI_TIMEOUT = Duration.ofSeconds(30);

  final WebDriver driver;
  final WebDriverWait wait;

  private Browser(WebDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, UI_TIMEOUT);
  }

  /** Fails with the install command when Chromium or its driver is missing: no silent skip. */
  static void requireInstalled() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError("The browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
          + ". Install them with: apt-get install chromium chromium-driver");
    }
  }

  static Browser open() throws Exception {
    // The Debian chromedriver, so that Selenium Manager never tries to download one.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-component-update", "--disable-sync",
        "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory("mlpm-e2e-chromium"));
    return new Browser(new ChromeDriver(options));
  }

  WebElement visible(By locator) {
    return wait.withMessage(locator + " to be visible").until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  WebElement clickable(By locator) {
    return wait.withMessage(locator + " to be clickable").until(ExpectedConditions.elementToBeClickable(locator));
  }

  /** Scrolls the element to the middle first: Tasklist's fixed footer covers the bottom of the form. */
  void click(By locator) {
    WebElement element = clickable(locator);
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    clickable(locator).click();
  }

  /** Screenshot and page source under target/e2e; returns where they are, for the failure message. */
  String saveArtifacts(String test, String name) {
    try {
      Files.createDirectories(ARTIFACTS);
      Path png = ARTIFACTS.resolve(test + "-" + name + ".png").toAbsolutePath();
      Path html = ARTIFACTS.resolve(test + "-" + name + ".html").toAbsolutePath();
      Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      Files.writeString(html, driver.getPageSource());
      return "screenshot: " + png + "\npage source: " + html;
    } catch (Exception e) {
      return "(could not save screenshot/page source: " + e + ")";
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
