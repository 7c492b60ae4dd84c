package io.mlpm.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.data.profile.ColumnProfile;
import io.mlpm.data.profile.ColumnProfile.HistogramBin;
import io.mlpm.data.profile.ColumnProfile.ValueCount;
import io.mlpm.data.profile.ColumnType;
import io.mlpm.data.profile.DatasetProfile;
import io.mlpm.data.profile.LeakageSuspect;
import io.mlpm.data.profile.TargetProfile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

/** The data steward's report over real HTTP: who may see it, what it shows, its charts and its 404s. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DataReportIT {

  static final String KEY = "report-demo";
  static final String NASTY = "<script>alert(1)</script>";
  static final String ODD = "weight (kg) ü%#?;";

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mlpm.data-dir", () -> dir.resolve("db").toString());
    registry.add("mlpm.datasets.root", () -> dir.resolve("datasets").toString());
    registry.add("mlpm.demo.sample-project", () -> "false");
  }

  @BeforeEach
  void rows() throws Exception {
    if (jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_project WHERE project_key = ?", Integer.class, KEY) > 0) {
      return;
    }
    project(KEY, "Iris <b>species</b>");
    project("no-profile", "Not profiled yet");
    profile(KEY, "old.csv", "0".repeat(64), profileOf(List.of(numeric("stale_column"))), "[]");
    profile(KEY, "iris.csv", "ab".repeat(32), profileOf(List.of(numeric("sepal_length"), numeric(ODD),
        categorical("colour", List.of(new ValueCount("red", 60), new ValueCount("<b>blue</b>", 40))),
        categorical(NASTY, List.of(new ValueCount("x", 99), new ValueCount(null, 1))),
        categorical("_target", List.of(new ValueCount("t", 100))))),
        new ObjectMapper().writeValueAsString(List.of(
            Map.of("severity", "WARN", "check", "missing_values", "column", NASTY,
                "message", "Column '" + NASTY + "' misses 12 % of its values (limit 20 %)."),
            Map.of("severity", "PASS", "check", "duplicate_rows", "message", "1 duplicate row (0.7 %)."))));
  }

  @Test
  void anonymousCallersAndWrongPasswordsGet401() {
    assertThat(get(client(), null, report(KEY)).statusCode()).isEqualTo(401);
    HttpResponse<byte[]> wrong = get(client(), "engineer:wrong", report(KEY));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"mlpm\"");
    assertThat(text(get(client(), null, chartPath("sepal_length")))).contains("Unauthorized");
  }

  @Test
  void theReportIsRefusedToUsersWithoutTheReadRightOfItsProject() {
    HttpResponse<byte[]> r = get(client(), "scientist:demo", report(KEY));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(text(r)).contains("read right", "'scientist'");
    assertThat(get(client(), "scientist:demo", chartPath("sepal_length")).statusCode()).isEqualTo(403);
  }

  @Test
  void theReportShowsTheLatestProfileWithEveryValueEscaped() {
    HttpResponse<byte[]> r = get(client(), "steward:demo", report(KEY));
    String html = text(r);
    assertThat(r.statusCode()).as(html).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("private");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
    assertThat(html).contains("iris.csv", "ab".repeat(32), "sepal_length", "colour", "species", "setosa",
        "misses 12 % of its values", "WARN", "1 duplicate row");
    assertThat(html).doesNotContain("stale_column", "old.csv");
    assertThat(html).doesNotContain(NASTY, "<b>");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "Iris &lt;b&gt;species&lt;/b&gt;",
        "&lt;b&gt;blue&lt;/b&gt;");
  }

  @Test
  void aReportWhoseNewerFileCouldNotBeReadSaysItShowsTheEarlierFile() throws Exception {
    project("stale", "Stale report");
    profile("stale", "good.csv", "cd".repeat(32), profileOf(List.of(numeric("sepal_length"))), "[]");
    jdbc.update("INSERT INTO mlpm_data_check (project_key, dataset_version_id, dataset_uri, verdict, findings_json,"
        + " created_at) VALUES (?,?,?,?,?,?)", "stale", null, "broken.csv", "FAIL",
        new ObjectMapper().writeValueAsString(List.of(Map.of("severity", "FAIL", "check", "readable",
            "message", "The dataset 'broken.csv' cannot be used: Line 7 has 3 fields, the header has 5."))),
        Timestamp.from(Instant.now().plusSeconds(1))); // checked after the profile
    String html = text(get(client(), "steward:demo", report("stale")));
    assertThat(html).contains("This profile is of an earlier file.", "good.csv",
        "The dataset &#39;broken.csv&#39; cannot be used: Line 7 has 3 fields");
    // A project whose latest file was profiled has no such line.
    assertThat(text(get(client(), "steward:demo", report(KEY)))).doesNotContain("earlier file");
  }

  @Test
  void everyChartOfThePageIsAPng() throws Exception {
    HttpClient client = client();
    List<String> charts = imageSources(text(get(client, "steward:demo", report(KEY))));
    assertThat(charts).hasSize(6).contains(report(KEY) + "/charts/_target.png",
        report(KEY) + "/charts/sepal_length.png",
        report(KEY) + "/chart.png?column=" + URLEncoder.encode(NASTY, StandardCharsets.UTF_8),
        report(KEY) + "/chart.png?column=_target");
    for (String chart : charts) {
      HttpResponse<byte[]> r = get(client, "steward:demo", chart);
      assertThat(r.statusCode()).as(chart + ": " + text(r)).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
      assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("private");
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
      assertThat(image).as(chart).isNotNull();
      assertThat(image.getWidth()).isBetween(300, 1200);
      assertThat(image.getHeight()).isBetween(150, 1200);
    }
  }

  /** The firewall refuses ';' and an encoded '%' in a path, so such names are linked by query. */
  @Test
  void aNameWithCharactersThePathCannotCarryIsServedByQuery() {
    HttpResponse<byte[]> r = get(client(), "steward:demo", report(KEY) + "/chart.png?column="
        + URLEncoder.encode(ODD, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    assertThat(r.body()).startsWith(0x89, 'P', 'N', 'G');
    HttpResponse<byte[]> inPath = get(client(), "steward:demo", chartPath(ODD));
    assertThat(inPath.statusCode()).as(text(inPath)).isEqualTo(400);
    assertThat(text(inPath)).contains("RequestRejected");
    String scriptSegment = URLEncoder.encode("<script>alert(1)", StandardCharsets.UTF_8);
    assertThat(get(client(), "steward:demo", report(KEY) + "/charts/" + scriptSegment + ".png").statusCode())
        .isEqualTo(404);
  }

  @Test
  void missingThingsAnswer404NamingWhatIsMissing() {
    HttpClient client = client();
    assertThat(notFound(client, report("nope"))).contains("No project with key 'nope'");
    assertThat(notFound(client, report("no-profile"))).contains("has not been profiled yet");
    assertThat(notFound(client, chartPath("no_such_column"))).contains("no column 'no_such_column'");
    assertThat(notFound(client, report("nope") + "/charts/a.png")).contains("No project with key 'nope'");
    assertThat(notFound(client, report("no-profile") + "/charts/_target.png")).contains("not been profiled yet");

    HttpResponse<byte[]> page = send(client, HttpRequest.newBuilder(uri(report("no-profile")))
        .header("Accept", "text/html,application/xhtml+xml").header("Authorization", basic("steward:demo")));
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(text(page)).contains("<h1>Data report not available</h1>", "has not been profiled yet");
  }

  @Test
  void aPersonLoggedInToTasklistOpensTheReportWithoutASecondLogin() {
    HttpClient browser = client();
    // Camunda's CSRF filter hands out the token on any reading request of the webapp.
    HttpResponse<byte[]> entry = send(browser, HttpRequest.newBuilder(uri("/camunda/app/tasklist/default/")));
    String token = entry.headers().firstValue("X-XSRF-TOKEN").orElseThrow(
        () -> new AssertionError("no CSRF token from the webapp: " + entry.headers().map()));
    HttpResponse<byte[]> login = send(browser, HttpRequest.newBuilder(
            uri("/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
        .header("Referer", "http://localhost:" + port + "/camunda/app/tasklist/default/")
        .POST(HttpRequest.BodyPublishers.ofString("username=steward&password=demo")));
    assertThat(login.statusCode()).as(text(login)).isEqualTo(200);

    HttpResponse<byte[]> page = get(browser, null, report(KEY));
    assertThat(page.statusCode()).as(text(page)).isEqualTo(200);
    assertThat(text(page)).contains("sepal_length");
    assertThat(get(browser, null, chartPath("sepal_length")).statusCode()).isEqualTo(200);
    // Reading never renews the session's id: a page's charts load side by side with the same
    // cookie, and a renewed id made every one but the first a 401 (a Basic prompt in a browser).
    assertThat(page.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
    java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> side = new java.util.ArrayList<>();
    for (String column : java.util.List.of("sepal_length", "colour", "_target", "sepal_length")) {
      side.add(browser.sendAsync(HttpRequest.newBuilder(uri(chartPath(column))).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    assertThat(side).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(200));
    // The session reads, it never writes: a cookie rides along on requests other sites trigger.
    HttpResponse<byte[]> write = send(browser, HttpRequest.newBuilder(uri("/api/projects/" + KEY + "/feedback"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(write.statusCode()).isEqualTo(401);
    // Wrong explicit credentials are not rescued by the session.
    assertThat(get(browser, "nobody:x", report(KEY))
        .statusCode()).isEqualTo(401);
  }

  // --- the rows a profiler and the process would write

  private void project(String key, String name) {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update("INSERT INTO mlpm_project (project_key, name, task_type, target_column, sponsor, phase, status,"
        + " charter_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        key, name, "classification", "species", "sponsor", "data-preparation", "ACTIVE", "{}", now, now);
    // The stewards' approveDataset task, as its creation would have noted it: they may read the project.
    jdbc.update("INSERT INTO mlpm_project_group (project_key, group_id, first_task_at) VALUES (?,?,?)", key,
        "data-stewards", now);
  }

  private void profile(String key, String uri, String sha, DatasetProfile profile, String findings) throws Exception {
    jdbc.update("INSERT INTO mlpm_dataset_profile (project_key, dataset_uri, sha256, profile_json, verdict,"
        + " findings_json, created_at) VALUES (?,?,?,?,?,?,?)", key, uri, sha,
        new ObjectMapper().writeValueAsString(profile), "WARN", findings, Timestamp.from(Instant.now()));
  }

  static DatasetProfile profileOf(List<ColumnProfile> columns) {
    Map<String, Long> classes = new LinkedHashMap<>();
    classes.put("setosa", 50L);
    classes.put("versicolor", 50L);
    classes.put("virginica", 49L);
    return new DatasetProfile(150, columns.size() + 1, 1, 1 / 150.0, columns,
        new TargetProfile("species", true, classes, 49 / 149.0, 1), List.of(), List.of(),
        List.of(new LeakageSuspect("colour", 0.99, "cramers_v")));
  }

  static ColumnProfile numeric(String name) {
    List<HistogramBin> bins = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      bins.add(new HistogramBin(4.3 + i * 0.36, 4.3 + (i + 1) * 0.36, 5 + (i * 7) % 23));
    }
    return new ColumnProfile(name, ColumnType.NUMERIC, 150, 0, 0.0, 35, true, 4.3, 7.9, 5.843333, 0.828066,
        Map.of("p01", 4.4, "p25", 5.1, "p50", 5.8, "p75", 6.4, "p99", 7.7), bins, List.of(), 0, 0.0);
  }

  static ColumnProfile categorical(String name, List<ValueCount> top) {
    return new ColumnProfile(name, ColumnType.CATEGORICAL, 150, 18, 0.12, top.size(), true, null, null, null, null,
        Map.of(), List.of(), top, 0, 0.0);
  }

  // --- HTTP as a browser or an API client would call

  private HttpClient client() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static String report(String key) {
    return "/api/projects/" + key + "/data-report";
  }

  private static String chartPath(String column) {
    return report(KEY) + "/charts/" + URLEncoder.encode(column, StandardCharsets.UTF_8).replace("+", "%20") + ".png";
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private HttpResponse<byte[]> get(HttpClient client, String credentials, String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (credentials != null) {
      request.header("Authorization", basic(credentials));
    }
    return send(client, request);
  }

  private String notFound(HttpClient client, String path) {
    HttpResponse<byte[]> r = get(client, "steward:demo", path);
    assertThat(r.statusCode()).as(path + ": " + text(r)).isEqualTo(404);
    assertThat(text(r)).contains("\"type\":\"NotFound\"");
    return text(r);
  }

  private static HttpResponse<byte[]> send(HttpClient client, HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError("HTTP call failed: " + e, e);
    }
  }

  private static String basic(String credentials) {
    return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static List<String> imageSources(String html) {
    List<String> sources = new ArrayList<>();
    Matcher m = Pattern.compile("<img[^>]* src=\"([^\"]+)\"").matcher(html);
    while (m.find()) {
      sources.add(m.group(1).replace("&amp;", "&"));
    }
    return sources;
  }
}
