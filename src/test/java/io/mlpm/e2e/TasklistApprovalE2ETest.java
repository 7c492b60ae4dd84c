package io.mlpm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.it.Http;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sponsor's sign-off as a person does it: log in to Tasklist in a real headless Chromium, open
 * the demo project's {@code approveCharter} task, read the charter in the rendered Camunda Form,
 * approve it, and see the task gone — in the browser and in the engine.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}; without them the test fails (it
 * never skips), so a missing browser cannot pass for a green build.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TasklistApprovalE2ETest {

  private static final String PROJECT = "demo-iris";

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  private Browser browser;
  private WebDriver driver;
  private WebDriverWait wait;
  private Http rest;

  /** The demo profile starts project demo-iris (waiting at approveCharter) in a fresh database. */
  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mlpm.data-dir", () -> dir.resolve("db").toString());
    registry.add("mlpm.datasets.root", () -> dir.resolve("datasets").toString());
    registry.add("mlpm.demo.sample-project", () -> "true");
  }

  /** Fails before the application starts: a missing browser must not look like a passing test. */
  @BeforeAll
  static void browserInstalled() {
    Browser.requireInstalled();
  }

  @BeforeEach
  void openBrowser() throws Exception {
    rest = new Http(port);
    browser = Browser.open();
    driver = browser.driver;
    wait = browser.wait;
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void sponsorApprovesTheCharterInTasklistAndTheTaskIsGone() throws Exception {
    // The demo project is started at application start; wait until its task exists in the engine.
    String taskId = rest.await("sponsor", "/engine-rest/task?processInstanceBusinessKey=" + PROJECT
        + "&taskDefinitionKey=approveCharter", tasks -> tasks.size() == 1, "the open approveCharter task")
        .get(0).get("id").asText();

    try {
      completeInBrowser(taskId);
    } catch (Throwable e) {
      throw new AssertionError("Tasklist step failed: " + e.getMessage() + "\n" + browser.saveArtifacts(getClass().getSimpleName(), "failure"), e);
    }

    // The engine agrees: no approveCharter task left, it was completed by the sponsor, approved ...
    assertThat(rest.json("sponsor", "/engine-rest/task?processInstanceBusinessKey=" + PROJECT
        + "&taskDefinitionKey=approveCharter")).isEmpty();
    JsonNode done = rest.json("admin", "/engine-rest/history/task?taskId=" + taskId).get(0);
    assertThat(done.get("deleteReason").asText()).isEqualTo("completed");
    assertThat(done.get("assignee").asText()).isEqualTo("sponsor");
    JsonNode approved = rest.json("admin", "/engine-rest/history/variable-instance?processInstanceId="
        + done.get("processInstanceId").asText() + "&variableName=charterApproved");
    assertThat(approved).hasSize(1);
    assertThat(approved.get(0).get("value").asBoolean()).isTrue();
    // ... and the project moved on to data preparation (asynchronously, through the job executor).
    rest.await("sponsor", "/api/projects/" + PROJECT,
        p -> "data-preparation".equals(p.path("phase").asText()), "phase data-preparation of " + PROJECT);
  }

  /**
   * The start page, as a sponsor uses it with the Tasklist login: the dataset from a list, the
   * target from its header, a criterion as a row whose impossible threshold is answered at once,
   * and the start through the webapp (refused again when the key is taken).
   */
  @Test
  void aSponsorStartsAProjectFromTheStartPage() {
    try {
      driver.get("http://localhost:" + port + "/camunda/app/tasklist/");
      browser.signIn("sponsor", "demo");
      browser.visible(By.cssSelector(".start-process-action a"));
      driver.get("http://localhost:" + port + "/api/start.html");
      wait.withMessage("the start page's lists").until(d -> "true".equals(
          d.findElement(By.tagName("body")).getAttribute("data-ready")));
      driver.findElement(By.id("projectKey")).sendKeys("started-e2e");
      driver.findElement(By.id("projectName")).sendKeys("Started from the page");
      driver.findElement(By.id("businessProblem")).sendKeys("Tell iris species apart without a botanist");
      assertThat(new Select(driver.findElement(By.id("sponsor"))).getFirstSelectedOption().getAttribute("value"))
          .isEqualTo("sponsor");
      new Select(driver.findElement(By.id("datasetUri"))).selectByValue("iris.csv");
      wait.withMessage("the header's columns as targets").until(d -> d.findElements(
          By.cssSelector("#targetColumn option[value='species']")).size() == 1);
      new Select(driver.findElement(By.id("targetColumn"))).selectByValue("species");

      // An accuracy of 80 is answered next to it, before anything is sent.
      WebElement threshold = driver.findElement(By.cssSelector("#criteria tr.criterion input.threshold"));
      threshold.clear();
      threshold.sendKeys("80");
      By rowError = By.cssSelector("#criteria tr.criterion .error");
      wait.withMessage("the threshold's range next to it").until(ExpectedConditions.textToBePresentInElementLocated(
          rowError, "outside accuracy's range, 0 to 1 (for 80 %, write 0.8)"));
      browser.click(By.id("submit"));
      assertThat(rest.json("admin", "/engine-rest/process-instance?businessKey=started-e2e")).isEmpty();
      threshold.clear();
      threshold.sendKeys("0.8");
      wait.withMessage("the error gone").until(ExpectedConditions.textToBe(rowError, ""));

      browser.click(By.id("submit"));
      wait.withMessage("the project started").until(ExpectedConditions.textToBePresentInElementLocated(
          By.id("outcome"), "Project started-e2e started"));
      JsonNode project = rest.await("sponsor", "/api/projects/started-e2e", p -> p.has("charter"), "started-e2e");
      assertThat(project.at("/charter/targetColumn").asText()).isEqualTo("species");
      assertThat(project.at("/charter/successCriteria/0/threshold").asDouble()).isEqualTo(0.8);
      assertThat(project.get("startedBy").asText()).isEqualTo("sponsor");

      // Started again with the same key: refused by the same checks as any start, and said so.
      browser.click(By.id("submit"));
      wait.withMessage("the refusal of a key in use").until(ExpectedConditions.textToBePresentInElementLocated(
          By.id("outcome"), "Not started"));
    } catch (Throwable e) {
      throw new AssertionError("Start page step failed: " + e.getMessage() + "\n"
          + browser.saveArtifacts(getClass().getSimpleName(), "start-page"), e);
    }
  }

  /** The browser part; any failure in it is reported with a screenshot and the page source. */
  private void completeInBrowser(String taskId) {
    driver.get("http://localhost:" + port + "/camunda/app/tasklist/");

    // Log in (AngularJS login form; the Camunda 8 migration banner above it is the vendor's).
    browser.signIn("sponsor", "demo");

    // The portfolio opens with the same login: the project waits for its sponsor, and its task's
    // link opens the task in Tasklist.
    wait.withMessage("Tasklist after the login").until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".start-process-action a")));
    driver.get("http://localhost:" + port + "/api/projects.html");
    By row = By.cssSelector("tr[data-project='" + PROJECT + "']");
    wait.withMessage("the project's row in the portfolio").until(ExpectedConditions.textToBePresentInElementLocated(
        row, "waiting for a sign-off"));
    browser.click(By.cssSelector("tr[data-project='" + PROJECT + "'] a.open-task"));
    wait.withMessage("Tasklist with the task open").until(ExpectedConditions.urlContains("?task=" + taskId));
    wait.withMessage("the task's form from the portfolio's link").until(ExpectedConditions
        .textToBePresentInElementLocated(By.cssSelector("form.fjs-form"), "Charter of Iris species classifier"));
    // Every form links to the project's history.
    browser.visible(By.xpath("//form[contains(@class,'fjs-form')]//a[normalize-space()='Project history'"
        + " and @href='/api/projects/" + PROJECT + "/history.html']"));

    // The sponsor's own filter lists the task with its project's name and key beside it.
    browser.openFromFilter(Browser.SIGN_OFFS, taskId, "Iris species classifier", PROJECT);
    By taskInList = By.xpath("//ol[contains(@class,'tasks-list')]//a[@href='#/?task=" + taskId + "']");
    wait.withMessage("the task's name with its project").until(ExpectedConditions.textToBePresentInElementLocated(
        taskInList, "Approve charter — Iris species classifier (demo-iris)"));

    // The Camunda Form renders the charter from the process variables.
    By form = By.cssSelector("form.fjs-form");
    wait.withMessage("the charter in the rendered form")
        .until(ExpectedConditions.textToBePresentInElementLocated(form, "Charter of Iris species classifier"));

    // Fields stay disabled until the task is claimed; after the claim the Claim button is gone.
    browser.click(By.cssSelector("button.claim"));
    wait.withMessage("the task to be claimed").until(ExpectedConditions.invisibilityOfElementLocated(
        By.cssSelector("button.claim")));

    // A question on the task, and the task's past in its History tab: the claim and the comment.
    browser.comment("Is accuracy 0.9 the bar we agreed with the field staff?");
    browser.historyShows("Claim", "Comment", "Is accuracy 0.9 the bar we agreed with the field staff?");

    // The claimed form still shows the charter: name, business problem, dataset, target.
    // (Located afresh on each poll: Tasklist may re-render the form after the claim.)
    for (String expected : new String[] {"Charter of Iris species classifier",
        "Tell the three iris species apart from four flower measurements", "iris.csv", "species"}) {
      wait.withMessage("'" + expected + "' in the rendered charter")
          .until(ExpectedConditions.textToBePresentInElementLocated(form, expected));
    }

    // Decide: the "Approve" radio (form-js puts the input inside its label).
    By approve = By.xpath("//form[contains(@class,'fjs-form')]//label[normalize-space()='Approve']/input[@type='radio']");
    browser.click(approve);
    wait.withMessage("the Approve radio to be selected").until(ExpectedConditions.elementToBeSelected(approve));

    // Complete is enabled once the required decision is made.
    browser.click(By.cssSelector("div.form-actions button[ng-click='complete()']"));

    // The task leaves the list and the form closes.
    wait.withMessage("the completed task to leave the task list")
        .until(ExpectedConditions.invisibilityOfElementLocated(taskInList));
    wait.withMessage("the task's form to close").until(ExpectedConditions.invisibilityOfElementLocated(form));

    // The project's history has the decision, by whom in which group, from the first minute.
    driver.get("http://localhost:" + port + "/api/projects/" + PROJECT + "/history.html");
    By timeline = By.id("timeline");
    for (String expected : new String[] {"Charter submitted", "Approve charter: approved", "sponsor (sponsors)"}) {
      wait.withMessage("'" + expected + "' in the project's history").until(
          ExpectedConditions.textToBePresentInElementLocated(timeline, expected));
    }
  }
}
