package io.mlpm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.it.Http;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every Camunda Form of the lifecycle completed in Tasklist, in a real headless Chromium, by the
 * person whose task it is, with the engine (over REST) confirming after each that the project moved on.
 *
 * <p>Four projects run side by side on the application's job executor:
 * <ul>
 *   <li>{@code iris-e2e}: started by {@code admin} with Tasklist's start form (a bad dataset path is
 *       refused first, naming {@code datasetUri}); {@code approveCharter}, {@code approveDataset},
 *       {@code approveDeployment} in the browser; then drifted predictions and the health check make
 *       {@code reviewDegradation}, accepted with a reason in the browser.</li>
 *   <li>{@code iris-risky}: a high-risk charter started over REST; after the sponsor's approval the
 *       compliance officer co-signs ({@code approveDeploymentCompliance}) in the browser.</li>
 *   <li>{@code gappy-e2e}: a dataset with a half-empty column fails the quality policy; the data
 *       steward waives the findings with a reason ({@code resolveDataIssues}) in the browser and the
 *       dataset is prepared.</li>
 *   <li>{@code noisy-e2e}: the same noise without gaps and a criterion nobody can meet
 *       (accuracy &gt;= 0.999, two iterations): {@code reviewIteration} (retry) and
 *       {@code sponsorDecision} (stop) in the browser.</li>
 * </ul>
 *
 * <p>A failing step leaves a screenshot and the page source under {@code target/e2e/}; with
 * {@code -De2e.shots=true} every filled-in form is saved there too, just before Complete.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}; without them the test fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TasklistLifecycleE2ETest {

  private static final String START = "/engine-rest/process-definition/key/ml-project-lifecycle/start";

  private static final String IRIS = "iris-e2e";
  private static final String RISKY = "iris-risky";
  private static final String GAPPY = "gappy-e2e";
  private static final String NOISY = "noisy-e2e";

  private static final By FORM = By.cssSelector("form.fjs-form");
  private static final By COMPLETE = By.cssSelector("div.form-actions button[ng-click='complete()']");

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @org.springframework.beans.factory.annotation.Autowired
  org.camunda.bpm.engine.TaskService taskService;

  @org.springframework.beans.factory.annotation.Autowired
  io.mlpm.process.engine.SignOffWatch signOffWatch;

  private Browser browser;
  private WebDriver driver;
  private WebDriverWait wait;
  private Http rest;
  private String step = "setup";
  private long started;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mlpm.data-dir", () -> dir.resolve("db").toString());
    registry.add("mlpm.datasets.root", () -> dir.resolve("datasets").toString());
    registry.add("mlpm.demo.sample-project", () -> "false");
  }

  /** Fails before the application starts: a missing browser must not look like a passing test. */
  @BeforeAll
  static void browserAndDatasets() throws Exception {
    Browser.requireInstalled();
    Path datasets = Files.createDirectories(dir.resolve("datasets"));
    try (InputStream in = TasklistLifecycleE2ETest.class.getResourceAsStream("/demo/iris.csv")) {
      Files.copy(in, datasets.resolve("iris.csv"));
    }
    // 60 rows of noise, labels shuffled half 'yes' half 'no': no model reaches 0.999 accuracy. In
    // gappy.csv column 'x3' is empty in every other row (50 %), which fails the quality policy
    // (above 20 % missing); noisy.csv has every value.
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      labels.add(i < 30 ? "yes" : "no");
    }
    Random random = new Random(7);
    Collections.shuffle(labels, random);
    StringBuilder gappy = new StringBuilder("x1,x2,x3,label\n");
    StringBuilder noisy = new StringBuilder("x1,x2,x3,label\n");
    for (int i = 0; i < 60; i++) {
      String x12 = String.format(Locale.ROOT, "%.3f,%.3f,", 0.5 + random.nextDouble() * 10, 0.5 + random.nextDouble() * 10);
      String x3 = String.format(Locale.ROOT, "%.3f", 0.5 + random.nextDouble() * 10);
      gappy.append(x12).append(i % 2 == 0 ? "" : x3).append(',').append(labels.get(i)).append('\n');
      noisy.append(x12).append(x3).append(',').append(labels.get(i)).append('\n');
    }
    Files.writeString(datasets.resolve("gappy.csv"), gappy);
    Files.writeString(datasets.resolve("noisy.csv"), noisy);
  }

  @BeforeEach
  void openBrowser() throws Exception {
    rest = new Http(port);
    browser = Browser.open();
    driver = browser.driver;
    wait = browser.wait;
    started = System.nanoTime();
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void everyFormIsCompletedInTasklistAndTheProjectsMoveOn() throws Exception {
    // Two projects started over REST by admin, so that their jobs run while the browser works.
    rest.postExpect(200, "admin", START, charter(RISKY, "riskLevel", "high"));
    rest.postExpect(200, "admin", START, charter(GAPPY, "datasetUri", "gappy.csv", "targetColumn", "label"));
    rest.postExpect(200, "admin", START, charter(NOISY, "datasetUri", "noisy.csv", "targetColumn", "label",
        "successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.999}]",
        "maxIterations", 2));
    completeOverRest("sponsor", RISKY, "approveCharter", "approved", true);
    completeOverRest("sponsor", GAPPY, "approveCharter", "approved", true);
    completeOverRest("sponsor", NOISY, "approveCharter", "approved", true);

    run("startProject (admin)", this::startProjectInTasklist);

    run("approveCharter (sponsor)", () -> {
      login("sponsor");
      String task = rest.awaitTask("sponsor", IRIS, "approveCharter");
      openAndClaim(task, "Charter of Iris e2e", "Tell the three iris species apart", "iris.csv", "species",
          "\"threshold\":0.8", "At most 3 iterations", TYPED_MARKUP);
      // What the starter typed is text in the sponsor's form: no link, no autolink, no markup.
      assertThat(driver.findElement(FORM).findElements(By.xpath(".//a[contains(@href,'example.org')]"))).isEmpty();
      assertThat(driver.findElement(FORM).findElements(By.xpath(".//b | .//em[contains(.,'not')]"))).isEmpty();
      chooseRadio("Approve");
      type("Comment", "Looks right");
      complete(task);
      assertCompletedBy(task, "sponsor");
      assertThat(variable(task, "charterApproved")).isEqualTo("true");
      assertThat(variable(task, "charterComment")).isEqualTo("Looks right");
      rest.await("sponsor", "/api/projects/" + IRIS, p -> !"charter-approval".equals(p.path("phase").asText()),
          IRIS + " past charter approval");
    });

    // The risky project's dataset and deployment are approved over REST meanwhile.
    completeOverRest("steward", RISKY, "approveDataset", "approved", true);

    run("resolveDataIssues (steward)", () -> {
      login("steward");
      String task = rest.awaitTask("steward", GAPPY, "resolveDataIssues");
      openAndClaim(task, "Data issues in Gappy e2e", "gappy.csv", "FAIL", "Each finding may be waived with a reason");
      // The findings table names the half-empty column in a FAIL row.
      visibleInForm(By.xpath(".//table//tr[td[normalize-space()='FAIL'] and td[normalize-space()='x3']"
          + " and td[contains(.,'50')]]"), "the FAIL finding naming column x3 and its 50 %");
      chooseRadio("Waive the findings (reason required)");
      type("Reason", "Column x3 is imputed; its gaps are known and harmless");
      complete(task);
      assertCompletedBy(task, "steward");
      assertThat(variable(task, "dataResolution")).isEqualTo("waive");
      assertThat(variable(task, "dataResolutionComment")).startsWith("Column x3 is imputed");
      // The waiver sends the dataset on to preparation and then to the steward's sign-off.
      String pi = rest.json("admin", "/engine-rest/history/task?taskId=" + task).get(0).get("processInstanceId").asText();
      rest.await("admin", "/engine-rest/history/activity-instance?finished=true&activityId=prepareDataset"
          + "&processInstanceId=" + pi, n -> n.size() == 1, "prepareDataset of " + GAPPY + " after the waiver");
      String approval = rest.awaitTask("steward", GAPPY, "approveDataset");
      // Four eyes on waivers: the steward who waived may not approve the dataset. Tasklist says
      // why, and the message leaves the Complete button free.
      openAndClaim(approval, "Prepared dataset of Gappy e2e");
      chooseRadio("Approve");
      browser.click(COMPLETE);
      WebElement refusal = browser.visible(By.xpath("//div[contains(@class,'page-notifications')]"
          + "//div[contains(@class,'alert') and contains(.,'another data steward')]"));
      wait.withMessage("the refusal within the window").until(d -> browser.inView(refusal));
      assertThat(browser.overlap(refusal, driver.findElement(COMPLETE))).as("the refusal covers Complete").isFalse();
      Http.Response own = rest.post("steward", "/engine-rest/task/" + approval + "/complete",
          Map.of("variables", Http.variables("approved", true)));
      assertThat(own.status()).as(own.body()).isEqualTo(403);
      assertThat(own.body()).contains("waived", "another data steward");
    });

    run("approveDataset (steward)", () -> {
      String task = rest.awaitTask("steward", IRIS, "approveDataset");
      openAndClaim(task, "Prepared dataset of Iris e2e", "iris.csv", "WARN", "Split: 95 training, 24 validation",
          "Data waiver: none");
      visibleInForm(By.xpath(".//table//tr[td[normalize-space()='WARN'] and td[normalize-space()='duplicate_rows']]"),
          "the findings row warning of the duplicate row");
      // The steward asks about the duplicate on the task itself, and sees it in the task's history.
      browser.comment("One duplicate row: the same flower measured twice?");
      browser.historyShows("Claim", "Comment", "One duplicate row: the same flower measured twice?");
      chooseRadio("Approve");
      complete(task);
      assertCompletedBy(task, "steward");
      assertThat(variable(task, "datasetApproved")).isEqualTo("true");
      rest.await("sponsor", "/api/projects/" + IRIS, p -> !"data-preparation".equals(p.path("phase").asText()),
          IRIS + " past data preparation");
    });
    // The noisy project's prepared dataset is approved over REST; its model development follows.
    completeOverRest("steward", NOISY, "approveDataset", "approved", true);
    completeOverRest("sponsor", RISKY, "approveDeployment", "approved", true);

    run("approveDeployment (sponsor)", () -> {
      login("sponsor");
      String task = rest.awaitTask("sponsor", IRIS, "approveDeployment");
      openAndClaim(task, "Deploy the model of Iris e2e", "Open the model card");
      visibleInForm(By.xpath(".//table//tr[td[normalize-space()='accuracy >= 0.8'] and td[normalize-space()='met']]"),
          "the criteria row 'accuracy >= 0.8' met");
      visibleInForm(By.xpath(".//table//tr[td[normalize-space()='macro_f1']]"), "the metrics table row macro_f1");
      chooseRadio("Approve");
      type("Comment", "Ship it");
      complete(task);
      assertCompletedBy(task, "sponsor");
      assertThat(variable(task, "deploymentApproved")).isEqualTo("true");
      rest.await("engineer", "/api/projects/" + IRIS, p -> "production".equals(p.path("phase").asText()),
          IRIS + " in production");
    });

    run("approveDeploymentCompliance (compliance)", () -> {
      login("compliance");
      String task = rest.awaitTask("compliance", RISKY, "approveDeploymentCompliance");
      openAndClaim(task, "Compliance co-sign for Iris risky", "Risk level high", "The sponsor sponsor approved");
      visibleInForm(By.xpath(".//table//tr[td[normalize-space()='accuracy']]"), "the metrics table row accuracy");
      chooseRadio("Approve");
      type("Comment", "Co-signed");
      complete(task);
      assertCompletedBy(task, "compliance");
      assertThat(variable(task, "complianceApproved")).isEqualTo("true");
      rest.await("engineer", "/api/projects/" + RISKY, p -> "production".equals(p.path("phase").asText()),
          RISKY + " in production");
    });

    run("reviewIteration (scientist)", () -> {
      login("scientist");
      String task = rest.awaitTask("scientist", NOISY, "reviewIteration");
      openAndClaim(task, "Iteration 1 of Noisy e2e missed its criteria", "Iteration 1 of the 2 this round may use.",
          "Selection:");
      visibleInForm(By.xpath(".//table//tr[td[normalize-space()='random_forest']]"), "the candidates row random_forest");
      visibleInForm(By.xpath(".//table//tr[td[normalize-space()='selected']]"), "the selected candidate");
      visibleInForm(By.xpath(".//table//tr[td[normalize-space()='accuracy >= 0.999'] and td[normalize-space()='NOT met']]"),
          "the criteria row 'accuracy >= 0.999' NOT met");
      // The iteration is steered by validation data: the metrics shown are the validation split's.
      visibleInForm(By.xpath(".//*[contains(normalize-space(),'Validation metrics of the selected candidate')]"),
          "the validation metrics table");
      visibleInForm(By.xpath(".//table//tr[td[normalize-space()='log_loss']]"), "the validation metrics row log_loss");
      assertThat(driver.getPageSource()).doesNotContain("Test-split metrics");
      chooseRadio("Retry with another iteration");
      type("Algorithms for the retry (optional)", "logistic_regression,random_forest");
      type("Tuning trials per candidate (optional)", "2");
      type("What changes, or why abort", "Fewer candidates, fewer trials");
      complete(task);
      assertCompletedBy(task, "scientist");
      assertThat(variable(task, "iterationDecision")).isEqualTo("retry");
      assertThat(variable(task, "algorithms")).isEqualTo("logistic_regression,random_forest");
      assertThat(variable(task, "tuningBudget")).isIn("2", "2.0");
    });

    run("sponsorDecision (sponsor)", () -> {
      login("sponsor");
      String task = rest.awaitTask("sponsor", NOISY, "sponsorDecision");
      openAndClaim(task, "Noisy e2e used all 2 iterations of this round without meeting its criteria");
      visibleInForm(By.xpath(".//table//tr[td[normalize-space()='accuracy >= 0.999'] and td[normalize-space()='NOT met']]"),
          "the criteria row 'accuracy >= 0.999' NOT met");
      // Both iterations, not only the last, each with its model card one click away.
      for (int iteration = 1; iteration <= 2; iteration++) {
        visibleInForm(By.xpath(".//table//tr[td[normalize-space()='" + iteration + "'] and td[normalize-space()='NOT met']"
            + " and td[starts-with(normalize-space(),'accuracy 0.')]]"), "iteration " + iteration + " in the iterations table");
        visibleInForm(By.xpath(".//a[normalize-space()='iteration " + iteration + "' and contains(@href,'/api/projects/"
            + NOISY + "/models/') and contains(@href,'/card')]"), "the link to iteration " + iteration + "'s model card");
      }
      chooseRadio("Stop the project");
      type("Comment", "Noise cannot be learned");
      complete(task);
      assertCompletedBy(task, "sponsor");
      assertThat(variable(task, "sponsorChoice")).isEqualTo("stop");
      // The second iteration ran with what the scientist entered in reviewIteration.
      assertThat(variable(task, "iterationSummary"))
          .startsWith("Iteration 2: logistic_regression, random_forest with 2 tuning trials each");
      JsonNode project = rest.await("sponsor", "/api/projects/" + NOISY, p -> "ended".equals(p.path("phase").asText()),
          NOISY + " ended");
      assertThat(project.path("status").asText()).isEqualTo("STOPPED");
    });

    run("reviewDegradation (engineer)", () -> {
      // 150 flowers whose petals are far longer than any in training, then the health check now.
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        rows.add(Map.of("sepal_length", 4.5 + (i % 30) / 10.0, "sepal_width", 2.2 + (i % 20) / 10.0,
            "petal_length", 12.0 + i % 5, "petal_width", 0.1 + (i % 25) / 10.0));
      }
      rest.postExpect(200, "engineer", "/api/projects/" + IRIS + "/predictions", Map.of("rows", rows));
      String timer = healthCheckTimer(IRIS);
      rest.postExpect(204, "admin", "/engine-rest/job/" + timer + "/execute", Map.of());

      login("engineer");
      String task = rest.awaitTask("engineer", IRIS, "reviewDegradation");
      openAndClaim(task, "Model version 1 of Iris e2e looks degraded", "Open the drift chart");
      visibleInForm(By.xpath(".//table//tr[td[normalize-space()='petal_length'] and td[contains(.,'PSI')]]"),
          "the health finding naming petal_length and its PSI");
      chooseRadio("Accept (reason required; the same findings stay quiet for a while)");
      type("Reason", "New greenhouse cultivar, expected");
      complete(task);
      assertCompletedBy(task, "engineer");
      assertThat(variable(task, "degradationDecision")).isEqualTo("accept");
      assertThat(variable(task, "degradationDecisionComment")).isEqualTo("New greenhouse cultivar, expected");
      // Back in production, waiting for the next health check.
      healthCheckTimer(IRIS);
      assertThat(rest.json("engineer", "/engine-rest/task?processInstanceBusinessKey=" + IRIS)).isEmpty();
    });

    run("ML state in Cockpit (engineer)", () -> {
      // The engineer watches the project in Cockpit: its process instance has an "ML state" tab.
      String pi = rest.json("admin", "/engine-rest/process-instance?businessKey=" + IRIS
          + "&processDefinitionKey=ml-project-lifecycle").get(0).get("id").asText();
      driver.manage().deleteAllCookies();
      driver.get("http://localhost:" + port + "/camunda/app/cockpit/");
      browser.signIn("engineer", "demo");
      browser.visible(By.cssSelector(".Header, [cam-widget-header], .app-banner"));
      driver.get("http://localhost:" + port + "/camunda/app/cockpit/default/#/process-instance/" + pi + "/runtime");
      browser.click(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space()='ML state']"));
      By state = By.cssSelector(".mlpm-ml-state");
      for (String expected : new String[] {"Iris e2e", "phase production", "Latest metrics against the criteria",
          "accuracy >= 0.8", "PRODUCTION", "Health", "DEGRADED"}) {
        wait.withMessage("'" + expected + "' in Cockpit's ML state tab")
            .until(ExpectedConditions.textToBePresentInElementLocated(state, expected));
      }
      if (Boolean.getBoolean("e2e.shots")) {
        browser.saveArtifacts(getClass().getSimpleName(), "cockpit-ml-state");
      }
    });

    run("approvePolicyChange (compliance)", () -> {
      String table = java.nio.file.Files.readString(java.nio.file.Path.of("bpmn/monitoring-policy.dmn"));
      Http.Response proposed = rest.post("admin", "/api/policies/monitoring-policy/changes",
          Map.of("reason", "Same table, reviewed again", "dmn", table));
      assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
      String review = "policy-change-" + proposed.json().get("id").asLong();
      login("compliance");
      String task = rest.awaitTask("compliance", review, "approvePolicyChange");
      openAndClaim(task, "Policy change", "monitoring-policy", "Same table, reviewed again", "Proposed by");
      chooseRadio("Approve");
      type("Comment", "Reviewed");
      complete(task);
      assertCompletedBy(task, "compliance");
      rest.await("compliance", "/api/policies/changes/" + proposed.json().get("id").asLong(),
          c -> c.path("status").asText().equals("DEPLOYED"), "the policy change deployed");
    });
    run("approveChangeRequest (sponsor) and its co-sign (compliance)", () -> {
      Http.Response proposed = rest.post("steward", "/api/projects/" + IRIS + "/change-requests",
          Map.of("reason", "Field staff now decide on protected sites", "riskLevel", "high"));
      assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
      login("sponsor");
      String task = rest.awaitTask("sponsor", IRIS, "approveChangeRequest");
      openAndClaim(task, "Charter change", "Iris e2e", "Field staff now decide on protected sites", "riskLevel",
          "high");
      chooseRadio("Approve");
      type("Comment", "Agreed");
      complete(task);
      assertCompletedBy(task, "sponsor");
      login("compliance");
      String coSign = rest.awaitTask("compliance", IRIS, "approveChangeRequestCompliance");
      openAndClaim(coSign, "Co-sign charter change", "riskLevel", "sponsor");
      chooseRadio("Approve");
      complete(coSign);
      assertCompletedBy(coSign, "compliance");
      rest.await("steward", "/api/projects/" + IRIS + "/charter", c -> c.path("version").asInt() == 2,
          "charter version 2 of " + IRIS);
    });

    run("decideEscalation (sponsor)", () -> {
      // A change request waits for its sponsor past its due date and the grace period.
      Http.Response proposed = rest.post("steward", "/api/projects/" + IRIS + "/change-requests",
          Map.of("reason", "The co-sign is no longer needed", "riskLevel", "medium"));
      assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
      String overdue = rest.awaitTask("sponsor", IRIS, "approveChangeRequest");
      org.camunda.bpm.engine.task.Task t = taskService.createTaskQuery().taskId(overdue).singleResult();
      t.setDueDate(java.util.Date.from(java.time.Instant.now().minus(java.time.Duration.ofDays(3))));
      taskService.saveTask(t);
      signOffWatch.poll();
      login("sponsor");
      String task = rest.awaitTask("sponsor", IRIS, "decideEscalation");
      openAndClaim(task, "is overdue", "Approve charter change", "group sponsors");
      chooseRadio("Extend the due date");
      type("Reason", "The sponsors meet on Monday");
      complete(task);
      assertCompletedBy(task, "sponsor");
      java.time.Instant due = java.time.Instant.parse(rest.json("sponsor", "/engine-rest/task/" + overdue).get("due")
          .asText().replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2"));
      assertThat(due).isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(2)));
    });

    run("proposeChangeRequest start form (steward)", () -> {
      login("steward");
      browser.click(By.cssSelector(".start-process-action a"));
      browser.click(By.xpath("//ul[contains(@class,'processes')]//a[normalize-space()='Charter change']"));
      wait.withMessage("the start form").until(ExpectedConditions.textToBePresentInElementLocated(FORM,
          "Propose a charter change"));
      type("Project key", IRIS);
      type("Reason", "Field staff want fewer mix-ups");
      type("New success criteria (optional)", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.85}]");
      By startButton = By.cssSelector(".modal-footer button[ng-click='startProcessInstance()']");
      // The escalated change still waits: one change at a time, said in the dialog.
      browser.click(startButton);
      WebElement error = browser.visible(By.cssSelector(".modal-body .notifications .alert"));
      wait.withMessage("the error saying a change waits").until(ExpectedConditions.textToBePresentInElement(error,
          "waits for its approval"));
      JsonNode open = rest.json("steward", "/api/projects/" + IRIS + "/change-requests");
      long waiting = open.get(open.size() - 1).get("id").asLong();
      rest.postExpect(200, "steward", "/api/projects/" + IRIS + "/change-requests/" + waiting + "/withdraw",
          Map.of("reason", "superseded"));
      browser.click(startButton);
      wait.withMessage("the start dialog to close").until(ExpectedConditions.invisibilityOfElementLocated(FORM));
      JsonNode after = rest.await("steward", "/api/projects/" + IRIS + "/change-requests",
          l -> l.size() == open.size() + 1, "the change request from the start form");
      JsonNode proposed = after.get(after.size() - 1);
      assertThat(proposed.get("proposedBy").asText()).isEqualTo("steward");
      assertThat(proposed.get("changes").toString()).contains("0.85");
      rest.awaitTask("sponsor", IRIS, "approveChangeRequest");
    });
    System.out.printf("[e2e] all forms completed in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  /** Start form: a dataset outside the root is refused naming 'datasetUri'; the corrected form starts the project. */
  /** Markdown and HTML a starter might type, to be shown verbatim; marked with GFM would link all three. */
  private static final String TYPED_MARKUP = "[see](https://example.org/a) <b>bold</b> *not* https://example.org/b";

  private void startProjectInTasklist() throws InterruptedException {
    login("admin");
    browser.click(By.cssSelector(".start-process-action a"));
    browser.click(By.xpath("//ul[contains(@class,'processes')]//a[normalize-space()='ML project lifecycle']"));
    wait.withMessage("the start form").until(ExpectedConditions.textToBePresentInElementLocated(FORM,
        "Start an ML project"));
    type("Project key", IRIS);
    type("Project name", "Iris e2e");
    type("Business problem", "Tell the three iris species apart from four flower measurements " + TYPED_MARKUP);
    type("Sponsor (user id)", "sponsor");
    type("Dataset", "../x.csv");
    type("Target column", "species");
    chooseRadio("Classification");
    // Success criteria and maximum iterations keep their defaults.
    wait.withMessage("the default success criteria").until(d -> field("Success criteria (JSON)").getAttribute("value")
        .contains("\"threshold\":0.8"));
    By startButton = By.cssSelector(".modal-footer button[ng-click='startProcessInstance()']");
    browser.click(startButton);
    WebElement error = browser.visible(By.cssSelector(".modal-body .notifications .alert"));
    wait.withMessage("the error naming 'datasetUri'").until(ExpectedConditions.textToBePresentInElement(error,
        "'datasetUri'"));
    // Shown where the person is (at the Start button, the form scrolled to its end), not above.
    wait.withMessage("the start form's error within the window").until(d -> browser.inView(error));
    if (Boolean.getBoolean("e2e.shots")) {
      browser.saveArtifacts(getClass().getSimpleName(), "start-form-error");
    }
    assertThat(rest.json("admin", "/engine-rest/process-instance?businessKey=" + IRIS)).isEmpty();
    assertThat(rest.status("admin", "/api/projects/" + IRIS)).isEqualTo(404);

    WebElement dataset = field("Dataset");
    dataset.clear();
    wait.until(d -> field("Dataset").getAttribute("value").isEmpty());
    field("Dataset").sendKeys("iris.csv");
    browser.click(startButton);
    wait.withMessage("the start dialog to close").until(ExpectedConditions.invisibilityOfElementLocated(FORM));
    JsonNode instances = rest.await("admin", "/engine-rest/process-instance?businessKey=" + IRIS
        + "&processDefinitionKey=ml-project-lifecycle", n -> n.size() == 1, "the started " + IRIS);
    String pi = instances.get(0).get("id").asText();
    JsonNode history = rest.json("admin", "/engine-rest/history/process-instance?processInstanceId=" + pi);
    assertThat(history.get(0).get("startUserId").asText()).isEqualTo("admin");
    // The charter as entered, with the form's defaults for criteria and iterations.
    JsonNode vars = rest.json("admin", "/engine-rest/process-instance/" + pi + "/variables");
    assertThat(vars.at("/datasetUri/value").asText()).isEqualTo("iris.csv");
    assertThat(vars.at("/sponsor/value").asText()).isEqualTo("sponsor");
    assertThat(vars.at("/taskType/value").asText()).isEqualTo("classification");
    assertThat(vars.at("/successCriteria/value").asText()).contains("\"threshold\":0.8");
    assertThat(vars.at("/maxIterations/value").asInt()).isEqualTo(3);
  }

  // ---------------------------------------------------------------------------------------------
  // Browser steps

  private interface Step {
    void run() throws Exception;
  }

  /** Runs one step; a failure is reported with a screenshot and the page source named after it. */
  private void run(String name, Step body) {
    step = name;
    long t0 = System.nanoTime();
    try {
      body.run();
    } catch (Throwable e) {
      throw new AssertionError("Step '" + name + "' failed: " + e.getMessage() + "\n"
          + browser.saveArtifacts(getClass().getSimpleName(), name.replaceAll("[^A-Za-z0-9]+", "-")), e);
    }
    System.out.printf("[e2e] %-42s %5.1f s%n", name, (System.nanoTime() - t0) / 1e9);
  }

  /** A fresh Tasklist session as this user (the previous one is dropped with its cookies). */
  private void login(String user) {
    driver.manage().deleteAllCookies();
    driver.get("http://localhost:" + port + "/camunda/app/tasklist/");
    browser.signIn(user, "demo");
    browser.visible(By.cssSelector(".start-process-action a"));
  }

  /**
   * Opens the task from the user's "My group's sign-offs" filter (its entry names the project),
   * waits for its form, claims it, checks the content.
   */
  private void openAndClaim(String taskId, String... expected) {
    JsonNode columns = rest.json("admin", "/engine-rest/task/" + taskId + "/localVariables");
    browser.openFromFilter(Browser.SIGN_OFFS, taskId, columns.at("/taskProjectName/value").asText(),
        columns.at("/taskProjectKey/value").asText());
    wait.withMessage("the task's form").until(ExpectedConditions.textToBePresentInElementLocated(FORM, expected[0]));
    browser.click(By.cssSelector("button.claim"));
    wait.withMessage("the task to be claimed").until(ExpectedConditions.invisibilityOfElementLocated(
        By.cssSelector("button.claim")));
    for (String text : expected) {
      wait.withMessage("'" + text + "' in the rendered form")
          .until(ExpectedConditions.textToBePresentInElementLocated(FORM, text));
    }
  }

  private void visibleInForm(By inForm, String what) {
    wait.withMessage(what).until(d -> {
      for (WebElement e : d.findElement(FORM).findElements(inForm)) {
        if (e.isDisplayed()) {
          return true;
        }
      }
      return false;
    });
  }

  /** form-js puts a radio inside its label. */
  private void chooseRadio(String label) {
    By radio = By.xpath("//form[contains(@class,'fjs-form')]//label[normalize-space()='" + label + "']/input[@type='radio']");
    browser.click(radio);
    wait.withMessage("the radio '" + label + "' to be selected").until(ExpectedConditions.elementToBeSelected(radio));
  }

  /** The input or textarea of the form field with this label. */
  private WebElement field(String label) {
    return driver.findElement(fieldLocator(label));
  }

  private static By fieldLocator(String label) {
    return By.xpath("//form[contains(@class,'fjs-form')]//div[contains(@class,'fjs-form-field')]"
        + "[label[normalize-space()='" + label + "' or normalize-space(text())='" + label + "']]"
        + "//*[self::input or self::textarea]");
  }

  private void type(String label, String text) {
    By locator = fieldLocator(label);
    browser.click(locator);
    WebElement element = browser.clickable(locator);
    element.sendKeys(text);
    wait.withMessage("'" + text + "' in field '" + label + "'").until(d -> text.equals(field(label).getAttribute("value")));
  }

  /** Completes the claimed task; its entry leaves the list and the form closes. */
  private void complete(String taskId) {
    if (Boolean.getBoolean("e2e.shots")) {
      browser.saveArtifacts(getClass().getSimpleName(), "filled-" + step.replaceAll("[^A-Za-z0-9]+", "-"));
    }
    browser.click(COMPLETE);
    wait.withMessage("the completed task to leave the task list").until(ExpectedConditions.invisibilityOfElementLocated(
        By.xpath("//ol[contains(@class,'tasks-list')]//a[@href='#/?task=" + taskId + "']")));
    wait.withMessage("the task's form to close").until(ExpectedConditions.invisibilityOfElementLocated(FORM));
  }

  // ---------------------------------------------------------------------------------------------
  // REST checks

  private static Map<String, Object> charter(String key, Object... overrides) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("projectName", switch (key) {
      case RISKY -> "Iris risky";
      case GAPPY -> "Gappy e2e";
      case NOISY -> "Noisy e2e";
      default -> "Iris e2e";
    });
    values.put("businessProblem", "End-to-end test project " + key);
    values.put("sponsor", "sponsor");
    values.put("datasetUri", "iris.csv");
    values.put("targetColumn", "species");
    values.put("taskType", "classification");
    values.put("successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.8}]");
    for (int i = 0; i < overrides.length; i += 2) {
      values.put((String) overrides[i], overrides[i + 1]);
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    values.forEach((k, v) -> vars.put(k, Map.of("value", v)));
    return Map.of("businessKey", key, "variables", vars);
  }

  private void completeOverRest(String user, String project, String taskKey, Object... variables)
      throws InterruptedException {
    String task = rest.awaitTask(user, project, taskKey);
    Map<String, Object> vars = new LinkedHashMap<>();
    for (int i = 0; i < variables.length; i += 2) {
      vars.put((String) variables[i], Map.of("value", variables[i + 1]));
    }
    rest.postExpect(204, user, "/engine-rest/task/" + task + "/complete", Map.of("variables", vars));
  }

  /** The engine agrees: the task was completed, by this user. */
  private void assertCompletedBy(String taskId, String user) {
    JsonNode done = rest.json("admin", "/engine-rest/history/task?taskId=" + taskId).get(0);
    assertThat(done.get("deleteReason").asText()).as("task " + taskId).isEqualTo("completed");
    assertThat(done.get("assignee").asText()).isEqualTo(user);
  }

  /** The value of a variable in the process instance of a completed task (e.g. what its form wrote). */
  private String variable(String taskId, String name) {
    JsonNode done = rest.json("admin", "/engine-rest/history/task?taskId=" + taskId).get(0);
    JsonNode values = rest.json("admin", "/engine-rest/history/variable-instance?processInstanceId="
        + done.get("processInstanceId").asText() + "&variableName=" + name);
    assertThat(values).as("variable " + name).hasSize(1);
    return values.get(0).get("value").asText();
  }

  private String healthCheckTimer(String project) throws InterruptedException {
    String pi = rest.json("admin", "/engine-rest/process-instance?businessKey=" + project
        + "&processDefinitionKey=ml-project-lifecycle").get(0).get("id").asText();
    return rest.await("admin", "/engine-rest/job?timers=true&processInstanceId=" + pi, j -> j.size() == 1,
        "the health-check timer of " + project).get(0).get("id").asText();
  }
}
