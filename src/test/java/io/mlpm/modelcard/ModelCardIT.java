package io.mlpm.modelcard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.data.Dataset;
import io.mlpm.evaluation.CriteriaVerdict;
import io.mlpm.evaluation.CriterionResult;
import io.mlpm.evaluation.EvaluationReport;
import io.mlpm.evaluation.EvaluationReporter;
import io.mlpm.evaluation.EvaluationReports;
import io.mlpm.governance.AuditTrail;
import io.mlpm.ml.SuccessCriterion;
import io.mlpm.ml.TaskType;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.NewModelVersion;
import io.mlpm.training.ModelEvaluator;
import io.mlpm.training.ModelTrainer;
import io.mlpm.training.SyntheticData;
import io.mlpm.training.TrainedModel;
import io.mlpm.training.TrainingResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The model card and its charts through real HTTP with authentication. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ModelCardIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "Tiers <script>alert('x')</script> & Co";
  private static final String SHA = "ab".repeat(32);

  @TempDir
  static Path dir;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mlpm.data-dir", () -> dir.resolve("db").toString());
    registry.add("mlpm.datasets.root", () -> dir.resolve("datasets").toString());
    registry.add("mlpm.demo.sample-project", () -> "false");
  }

  @LocalServerPort
  int port;
  @Autowired
  ModelRegistry registry;
  @Autowired
  EvaluationReports reports;
  @Autowired
  AuditTrail audit;

  @Autowired
  io.mlpm.governance.SignOffRecords signOffs;
  @Autowired
  JdbcTemplate jdbc;

  private final HttpClient client = HttpClient.newHttpClient();
  // Set up once per class (the Spring context lives that long); static since JUnit makes an instance per test.
  private static long evaluated;
  private static long unreported;
  private static long otherProjectsModel;
  private static long regressionModel;

  @BeforeEach
  void models() throws Exception {
    if (evaluated != 0) {
      return;
    }
    List<SuccessCriterion> criteria = List.of(new SuccessCriterion("accuracy", ">=", 0.8),
        new SuccessCriterion("macro_f1", ">=", 0.99));
    project("card-tiers", NAME, "Serve <b>gold</b> customers first", "tier", "classification", criteria, "region");
    project("card-other", "Other", "Other problem", "tier", "classification", criteria, null);
    audit.record("card-tiers", "sponsor", "approveCharter", "approved: <i>go</i>");
    // The steward waived a failed check on the dataset the model learnt from.
    signOffs.append(new io.mlpm.governance.SignOff(0, "card-tiers", "t-waive", "resolveDataIssues", "steward",
        List.of("data-stewards"), "waive", "Income gaps are <known>", Instant.now(), "data-preparation", 1, "",
        1L, SHA, null, null));
    long split = split();

    Dataset train = SyntheticData.customerTiers(400, 1);
    Dataset test = SyntheticData.customerTiers(150, 2);
    TrainingResult result = new ModelTrainer().train(train, "tier", TaskType.CLASSIFICATION, 42);
    TrainedModel model = TrainedModel.load(result.modelBytes(), result.featureSchemaJson());

    evaluated = add("card-tiers", split, result);
    Map<String, Double> metrics = new ModelEvaluator().evaluate(model, test, "tier");
    List<CriterionResult> verdict = CriteriaVerdict.check(criteria, metrics);
    registry.recordEvaluation(evaluated, JSON.writeValueAsString(metrics), JSON.writeValueAsString(verdict),
        CriteriaVerdict.allMet(verdict));
    EvaluationReport report = new EvaluationReporter().report(model, test, "tier", "accuracy", "region", 42);
    reports.save(evaluated, report);
    reports.save(evaluated, report); // saving again replaces

    unreported = add("card-tiers", split, result);
    otherProjectsModel = add("card-other", split, result);

    project("card-prices", "House prices", "Price houses", "price", "regression",
        List.of(new SuccessCriterion("rmse", "<=", 30000)), "region");
    TrainingResult prices = new ModelTrainer().train(SyntheticData.housePrices(300, 1), "price",
        TaskType.REGRESSION, 5);
    regressionModel = registry.addCandidate(new NewModelVersion("card-prices", 1, prices.algorithm(), "regression",
        "price", split, SHA, 5, JSON.writeValueAsString(prices.parameters()), prices.featureSchemaJson(),
        prices.provenance(), prices.modelBytes()));
    reports.save(regressionModel, new EvaluationReporter().report(
        TrainedModel.load(prices.modelBytes(), prices.featureSchemaJson()), SyntheticData.housePrices(120, 2),
        "price", "rmse", "region", 5));
  }

  /** A project row as the charter validation writes it (the charter as JSON). */
  private void project(String key, String name, String problem, String target, String taskType,
      List<SuccessCriterion> criteria, String sensitive) throws Exception {
    Map<String, Object> charter = new java.util.LinkedHashMap<>();
    charter.put("projectName", name);
    charter.put("businessProblem", problem);
    charter.put("sponsor", "sponsor");
    charter.put("datasetUri", "data.csv");
    charter.put("targetColumn", target);
    charter.put("taskType", taskType.toUpperCase(java.util.Locale.ROOT));
    charter.put("successCriteria", criteria);
    charter.put("sensitiveAttribute", sensitive);
    charter.put("maxIterations", 3);
    charter.put("riskLevel", "high");
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update("INSERT INTO mlpm_project (project_key, name, task_type, target_column, sponsor, started_by, phase,"
        + " status, charter_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", key, name, taskType, target,
        "sponsor", "sponsor", "model-development", "ACTIVE", JSON.writeValueAsString(charter), now, now);
  }

  private long add(String project, long split, TrainingResult r) throws Exception {
    long id = registry.addCandidate(new NewModelVersion(project, 1, r.algorithm(), "classification", "tier", split,
        SHA, 42, JSON.writeValueAsString(r.parameters()), r.featureSchemaJson(), r.provenance(), r.modelBytes()));
    // As ModelDevelopmentService records it (its sentence is tested with the split's rebuild).
    registry.recordTrainingRows(id, "trained on all 400 training rows; tuned on all 50 validation rows");
    return id;
  }

  private long split() {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update("INSERT INTO mlpm_dataset_version (sha256, size_bytes, row_count, column_count, columns_json,"
        + " first_uri, created_at) VALUES (?,?,?,?,?,?,?)", SHA, 1000, 550, 6, "[]", "tiers.csv", now);
    jdbc.update("INSERT INTO mlpm_data_split (project_key, dataset_version_id, dataset_uri, seed, test_ratio,"
        + " train_rows, test_rows, dropped_rows, created_at, plan_json, validation_rows, duplicates_removed)"
        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", "card-tiers", 1, "tiers.csv", 42, 0.2, 400, 150, 0, now,
        "{\"excludedColumns\":[\"customer_id\"]}", 0, 0);
    return jdbc.queryForObject("SELECT MAX(id) FROM mlpm_data_split", Long.class);
  }

  @Test
  void theCardShowsEverythingEscaped() {
    HttpResponse<String> r = get("sponsor", "/api/projects/card-tiers/models/" + evaluated + "/card");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
    String html = r.body();
    assertThat(html).doesNotContain("<script").doesNotContain("<b>gold").doesNotContain("<i>go");
    assertThat(html).contains("Tiers &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co")
        .contains("Serve &lt;b&gt;gold&lt;/b&gt; customers first");
    assertThat(html).contains("logistic_regression", "accuracy", "macro_f1", "roc_auc", "The success criteria are not met.");
    assertThat(html).contains(SHA, "tiers.csv", "training 400, validation 0, test 150 rows",
        "customer_id (excluded during data preparation)", "currency (");
    assertThat(html).contains("charts/confusion.png", "charts/roc.png", "charts/importance.png")
        .doesNotContain("charts/residuals.png");
    assertThat(html).contains("Feature importance", "income", "Demographic parity difference", "north");
    assertThat(html).contains("Limitations", "Trained on 400 rows of one file");
    assertThat(html).contains("Rows used", "trained on all 400 training rows; tuned on all");
    assertThat(html).contains("Tribuo (this server)", "4.3.2", "Risk level", "high", System.getProperty("java.version"), "LinearSGDTrainer");
    assertThat(html).contains("approveCharter", "approved: &lt;i&gt;go&lt;/i&gt;", "trained in iteration 1");
    assertThat(html).contains("Data steward's waivers", "Failed data checks waived by steward on",
        "Income gaps are &lt;known&gt;");
  }

  @Test
  void theChartsArePngImages() throws Exception {
    for (String chart : List.of("confusion", "roc", "importance")) {
      HttpResponse<byte[]> r = client.send(request("sponsor",
          "/api/projects/card-tiers/models/" + evaluated + "/charts/" + chart + ".png"),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(chart).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
      assertThat(image).as(chart).isNotNull();
      assertThat(image.getWidth()).isGreaterThan(300);
    }
  }

  @Test
  void aRegressionCardHasResidualsAndMeanPredictionsPerGroup() throws Exception {
    HttpResponse<String> r = get("sponsor", "/api/projects/card-prices/models/" + regressionModel + "/card");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("linear_regression", "charts/residuals.png", "charts/importance.png",
        "mean prediction", "Largest gap in mean prediction").doesNotContain("charts/roc.png");
    HttpResponse<byte[]> png = client.send(request("sponsor",
        "/api/projects/card-prices/models/" + regressionModel + "/charts/residuals.png"),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(ImageIO.read(new ByteArrayInputStream(png.body()))).isNotNull();
  }

  @Test
  void aModelWithoutAReportShowsTheCardWithoutCharts() {
    HttpResponse<String> r = get("compliance", "/api/projects/card-tiers/models/" + unreported + "/card");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("No evaluation report is stored for this model version")
        .contains("Not evaluated yet.").doesNotContain("<img");
    assertNotFound(get("sponsor", "/api/projects/card-tiers/models/" + unreported + "/charts/roc.png"),
        "no evaluation report");
  }

  @Test
  void unknownThingsAre404sWithAJsonError() {
    assertNotFound(get("sponsor", "/api/projects/nope/models/" + evaluated + "/card"), "'nope'");
    assertNotFound(get("sponsor", "/api/projects/card-tiers/models/999999/card"), "999999");
    assertNotFound(get("sponsor", "/api/projects/card-tiers/models/abc/card"), "abc");
    assertNotFound(get("sponsor", "/api/projects/card-tiers/models/" + otherProjectsModel + "/card"),
        "No model " + otherProjectsModel + " in project 'card-tiers'");
    assertNotFound(get("sponsor", "/api/projects/card-other/models/" + evaluated + "/charts/roc.png"), "No model");
    assertNotFound(get("sponsor", "/api/projects/card-tiers/models/" + evaluated + "/charts/residuals.png"),
        "residuals");
    assertNotFound(get("sponsor", "/api/projects/card-tiers/models/" + evaluated + "/charts/pie.png"), "pie");
  }

  @Test
  void anonymousCallersAreRefused() {
    assertThat(get(null, "/api/projects/card-tiers/models/" + evaluated + "/card").statusCode()).isEqualTo(401);
    assertThat(get(null, "/api/projects/card-tiers/models/" + evaluated + "/charts/roc.png").statusCode())
        .isEqualTo(401);
  }

  private static void assertNotFound(HttpResponse<String> r, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
    assertThat(body.path("type").asText()).isEqualTo("NotFound");
    assertThat(body.path("message").asText()).contains(message);
  }

  private HttpResponse<String> get(String user, String path) {
    try {
      return client.send(request(user, path), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private HttpRequest request(String user, String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(60)).GET();
    if (user != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
    }
    return b.build();
  }
}
