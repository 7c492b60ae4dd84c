package io.mlpm.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
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
  private final Duration timeout;

  private Browser(WebDriver driver, Duration timeout) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, timeout);
    this.timeout = timeout;
  }

  /** Fails with the install command when Chromium or its driver is missing: no silent skip. */
  static void requireInstalled() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError("The browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
          + ". Install them with: apt-get install chromium chromium-driver");
    }
  }

  static Browser open() throws Exception {
    return open(UI_TIMEOUT);
  }

  /** With a shorter patience for each wait (the helper's own tests). */
  static Browser open(Duration timeout) throws Exception {
    // The Debian chromedriver, so that Selenium Manager never tries to download one.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-component-update", "--disable-sync",
        "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory("mlpm-e2e-chromium"));
    // The page's console goes into the failure artifacts: a form that silently refuses to submit
    // usually says why there.
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    return new Browser(new ChromeDriver(options), timeout);
  }

  WebElement visible(By locator) {
    return wait.withMessage(locator + " to be visible").until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  /**
   * Fills the webapps' AngularJS login form and submits it. Typing into a form the page is still
   * setting up can land in the wrong field ("stewarddemo" in the user name, seen under load): the
   * fields are checked and filled again until they hold what was typed.
   */
  void signIn(String user, String password) {
    By name = By.cssSelector("input[ng-model='username']");
    By secret = By.cssSelector("input[ng-model='password']");
    for (int attempt = 1; ; attempt++) {
      try {
        WebElement u = visible(name);
        u.clear();
        u.sendKeys(user);
        WebElement p = driver.findElement(secret);
        p.clear();
        p.sendKeys(password);
        if (user.equals(u.getAttribute("value")) && password.equals(p.getAttribute("value"))) {
          break;
        }
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        // the form was rendered again: fill the new one
      }
      if (attempt == 5) {
        throw new AssertionError("the login form did not keep what was typed for " + user);
      }
    }
    click(By.cssSelector("form[name='signinForm'] button[type='submit']"));
  }

  WebElement clickable(By locator) {
    return wait.withMessage(locator + " to be clickable").until(ExpectedConditions.elementToBeClickable(locator));
  }

  /**
   * Clicks the element as a person would: brings it into view, then clicks a point of it that is
   * not covered by anything else. Tasklist's fixed footer overlaps the bottom of its scrolling task
   * pane, so a Complete button at the end of a long form stays half under the footer however far
   * the pane scrolls; a person clicks its visible part, and so does this. If nothing of the element
   * can be reached (an error notification over it, say), fails naming what covers its centre
   * ({@code document.elementFromPoint}), with a screenshot.
   */
  void click(By locator) {
    // A list that refreshes itself (Tasklist's filters do) may replace the element between finding
    // and clicking it: find it again, as a person's second click would.
    for (int attempt = 1; ; attempt++) {
      try {
        clickOnce(locator);
        return;
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private void clickOnce(By locator) {
    List<?> point;
    try {
      // The same answer on two polls in a row: a dialog that still slides in moves its buttons.
      List<?>[] previous = {null};
      point = new WebDriverWait(driver, timeout, Duration.ofMillis(100))
          .withMessage(locator + " to hold still with a point no other element covers").until(d -> {
            Object found = js(UNCOVERED_POINT, clickable(locator));
            List<?> now = found instanceof List<?> list ? list : null;
            boolean still = now != null && now.equals(previous[0]);
            previous[0] = now;
            return still ? now : null;
          });
    } catch (TimeoutException e) {
      Object covering;
      try {
        covering = js(COVERING, clickable(locator));
      } catch (RuntimeException gone) {
        covering = "(the element went away: " + gone.getMessage() + ")";
      }
      throw new AssertionError("Cannot click " + locator + ": it is covered by " + covering + "\n"
          + saveArtifacts("click", locator.toString().replaceAll("[^A-Za-z0-9]+", "-")), e);
    }
    if (Boolean.TRUE.equals(point.get(2))) {
      clickable(locator).click();
    } else {
      // A point in the window, not an offset from the element: the driver would move it otherwise.
      new Actions(driver).moveToLocation(((Number) point.get(0)).intValue(), ((Number) point.get(1)).intValue())
          .click().perform();
    }
  }

  /**
   * Leaves the focused field, scrolls the element to the middle of its scroll containers, then looks
   * for the uncovered point
   * nearest its centre. Answers its [x, y] in the window and whether that is the centre itself, or
   * null.
   */
  private static final String UNCOVERED_POINT = """
      const el = arguments[0];
      // Before a button or radio, leave the field being edited, as the click would: form-js
      // re-renders on blur, and Tasklist's pane then scrolls back, moving the button between
      // mouse-down and mouse-up. Focus passes from field to field by itself.
      const typing = el.matches('textarea, select, [contenteditable], input:not([type=radio]):not([type=checkbox])'
          + ':not([type=button]):not([type=submit])');
      const active = document.activeElement;
      if (!typing && active && active !== document.body && active !== el && !el.contains(active)) active.blur();
      el.scrollIntoView({block: 'center', inline: 'nearest', behavior: 'instant'});
      const r = el.getBoundingClientRect();
      const left = Math.max(r.left, 0), right = Math.min(r.right, window.innerWidth);
      const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, window.innerHeight);
      if (right - left < 1 || bottom - top < 1) return null;
      const cx = (left + right) / 2, cy = (top + bottom) / 2;
      const reaches = (x, y) => {
        const hit = document.elementFromPoint(x, y);
        return hit !== null && (hit === el || el.contains(hit));
      };
      if (reaches(Math.floor(cx), Math.floor(cy))) return [Math.floor(cx), Math.floor(cy), true];
      let best = null;
      for (let y = Math.ceil(top) + 1; y < bottom - 1; y++) {
        for (const f of [0.5, 0.35, 0.65, 0.2, 0.8]) {
          const x = Math.floor(left + (right - left) * f);
          // Both neighbours too, so that rounding in the driver cannot slip onto the cover.
          if (reaches(x, y) && reaches(x, y - 1) && reaches(x, y + 1)) {
            const d = Math.abs(y - cy) + Math.abs(x - cx);
            if (best === null || d < best.d) best = {x: x, y: y, d: d};
          }
        }
      }
      return best === null ? null : [best.x, best.y, false];
      """;

  /** What a click at the element's centre would reach instead: tag, id, classes and text. */
  private static final String COVERING = """
      const el = arguments[0];
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      const hit = document.elementFromPoint(x, y);
      const where = ' at (' + Math.round(x) + ', ' + Math.round(y) + ') in a window of '
          + window.innerWidth + 'x' + window.innerHeight;
      if (hit === null) return 'nothing: the point is outside the window' + where;
      const cls = typeof hit.className === 'string' && hit.className.trim()
          ? '.' + hit.className.trim().split(/\\s+/).join('.') : '';
      return '<' + hit.tagName.toLowerCase() + (hit.id ? '#' + hit.id : '') + cls + '> "'
          + (hit.innerText || '').trim().slice(0, 120) + '"' + where;
      """;

  // ---------------------------------------------------------------------------------------------
  // Tasklist

  static final String SIGN_OFFS = "My group's sign-offs";

  /**
   * Opens the filter and the task's entry in it, after checking that the entry shows its project's
   * name and key (the filter's Project and Key columns).
   */
  void openFromFilter(String filter, String taskId, String projectName, String projectKey) {
    click(By.xpath("//div[contains(@class,'task-filter')]//a[contains(normalize-space(),\"" + filter + "\")]"));
    By entry = By.xpath("//ol[contains(@class,'tasks-list')]/li[.//a[@href='#/?task=" + taskId + "']]");
    for (String shown : new String[] {projectName, projectKey}) {
      wait.withMessage("'" + shown + "' beside the task in '" + filter + "'")
          .until(ExpectedConditions.textToBePresentInElementLocated(entry, shown));
    }
    click(By.xpath("//ol[contains(@class,'tasks-list')]//a[@href='#/?task=" + taskId + "']"));
  }

  /** Tasklist's "Add Comment" on the open task: type, save, the dialog closes without an error. */
  void comment(String message) {
    click(By.cssSelector("a.createCommentLink"));
    visible(By.id("comment-form-message")).sendKeys(message);
    click(By.cssSelector("form[name='newComment'] button[type='submit']"));
    wait.withMessage("the comment dialog to close").until(ExpectedConditions.invisibilityOfElementLocated(
        By.cssSelector("form[name='newComment']")));
  }

  /** Tasklist's History tab of the open task shows each text; then back to the form. */
  void historyShows(String... texts) {
    click(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space()='History']"));
    By pane = By.cssSelector(".history-pane");
    for (String text : texts) {
      wait.withMessage("'" + text + "' in the task's History tab")
          .until(ExpectedConditions.textToBePresentInElementLocated(pane, text));
    }
    click(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space()='Form']"));
  }

  /** Whether all of the element is inside the window (not scrolled away, not cut). */
  boolean inView(WebElement element) {
    return Boolean.TRUE.equals(js("const r = arguments[0].getBoundingClientRect();"
        + " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight"
        + " && r.left >= 0 && r.right <= window.innerWidth;", element));
  }

  /** Whether the two elements' boxes overlap on the screen. */
  boolean overlap(WebElement a, WebElement b) {
    return Boolean.TRUE.equals(js("const a = arguments[0].getBoundingClientRect(), b = arguments[1].getBoundingClientRect();"
        + " return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;", a, b));
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Screenshot and page source under target/e2e; returns where they are, for the failure message. */
  String saveArtifacts(String test, String name) {
    try {
      Files.createDirectories(ARTIFACTS);
      Path png = ARTIFACTS.resolve(test + "-" + name + ".png").toAbsolutePath();
      Path html = ARTIFACTS.resolve(test + "-" + name + ".html").toAbsolutePath();
      Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      Files.writeString(html, driver.getPageSource());
      Path console = ARTIFACTS.resolve(test + "-" + name + ".console.txt").toAbsolutePath();
      StringBuilder lines = new StringBuilder();
      for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
        lines.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n');
      }
      Files.writeString(console, lines);
      return "screenshot: " + png + "\npage source: " + html + "\nbrowser console: " + console;
    } catch (Exception e) {
      return "(could not save screenshot/page source: " + e + ")";
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
