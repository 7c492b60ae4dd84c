package io.mlpm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The shared click of the browser tests, on pages laid out like Tasklist's: a scrolling pane whose
 * last button stays partly under a fixed footer, and a notification that covers a button whole.
 */
class BrowserClickTest {

  /** Like Tasklist at 1400×1000: the pane reaches under the footer, its Complete button ends there. */
  private static final String UNDER_FOOTER = """
      <html><body style="margin:0">
      <div id="pane" style="position:fixed;top:0;bottom:0;left:0;right:0;overflow-y:auto">
        <div style="height:1500px">a long form</div>
        <button id="complete" style="height:34px;width:120px"
            onclick="document.title='completed'">Complete</button>
      </div>
      <footer style="position:fixed;bottom:0;left:0;right:0;height:26px;background:#eee">footer</footer>
      </body></html>
      """;

  private static final String COVERED = """
      <html><body style="margin:0">
      <button id="complete" style="margin:100px;height:34px;width:120px"
          onclick="document.title='completed'">Complete</button>
      <div class="notification error" style="position:fixed;top:50px;left:50px;width:400px;height:200px;
          background:#fdd">Cannot complete the task: the form is invalid</div>
      </body></html>
      """;

  @TempDir
  static Path dir;

  private static Browser browser;

  @BeforeAll
  static void open() throws Exception {
    Browser.requireInstalled();
    browser = Browser.open(Duration.ofSeconds(3));
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void aButtonPartlyUnderTheFooterIsClickedOnItsVisiblePart() throws Exception {
    load("under-footer.html", UNDER_FOOTER);
    // At the pane's end the button's centre is under the footer: a plain click would hit the footer.
    Object centreHit = ((JavascriptExecutor) browser.driver).executeScript("""
        const pane = document.getElementById('pane'); pane.scrollTop = pane.scrollHeight;
        const r = document.getElementById('complete').getBoundingClientRect();
        return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2).tagName;
        """);
    assertThat(centreHit).isEqualTo("FOOTER");

    browser.click(By.id("complete"));

    assertThat(browser.driver.getTitle()).isEqualTo("completed");
  }

  @Test
  void aButtonCoveredWholeFailsNamingWhatCoversIt() throws Exception {
    load("covered.html", COVERED);

    assertThatThrownBy(() -> browser.click(By.id("complete")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cannot click By.id: complete: it is covered by <div.notification.error>")
        .hasMessageContaining("Cannot complete the task: the form is invalid")
        .hasMessageContaining("screenshot: ");
    assertThat(browser.driver.getTitle()).isNotEqualTo("completed");
  }

  private static void load(String name, String html) throws Exception {
    Path page = Files.writeString(dir.resolve(name), html);
    browser.driver.get(page.toUri().toString());
  }
}
