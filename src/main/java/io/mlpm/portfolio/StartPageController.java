package io.mlpm.portfolio;

import io.mlpm.data.CsvDatasetReader;
import io.mlpm.data.DataPreparationService;
import io.mlpm.ml.Metric;
import io.mlpm.ml.TaskType;
import io.mlpm.report.PageHeaders;
import io.mlpm.security.CallerGroups;
import io.mlpm.security.EngineUsers;
import io.mlpm.security.Roles;
import io.mlpm.web.BadRequestException;
import io.mlpm.web.ForbiddenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The page where a person starts a project ({@code /api/start.html}, with the Tasklist login): the
 * success criteria as rows (metric from a list, operator, threshold checked against the metric's
 * range), the sponsor among the sponsors, the dataset among the files under the datasets root with
 * its header read for the target column. It starts the project through the webapp's own
 * {@code submit-form} with the webapp's CSRF token, so the start is checked exactly as from
 * Tasklist or REST ({@code ProjectStartGuard}), and a refusal is shown next to the field it names.
 */
@Controller
public class StartPageController {

  /** Who may start projects: the same as the engine's CREATE_INSTANCE on the lifecycle. */
  public static final Set<String> STARTERS = Set.of(Roles.SPONSORS, Roles.ADMINS);
  /** Files offered in the dataset list (the REST start takes any path under the root). */
  static final int MAX_DATASETS = 500;
  /** Entries looked at while listing: a root with millions of files costs a bounded walk. */
  static final int MAX_VISITED = 20_000;
  private static final List<String> DATASET_SUFFIXES = List.of(".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt", ".gz");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataPreparationService data;
  private final EngineUsers users;
  private final CallerGroups callers;

  public StartPageController(DataPreparationService data, EngineUsers users, CallerGroups callers) {
    this.data = data;
    this.users = users;
    this.callers = callers;
  }

  @GetMapping("/api/start.html")
  public String page(HttpServletRequest request, HttpServletResponse response, Model model) {
    requireStarter(request);
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    model.addAttribute("nonce", nonce);
    model.addAttribute("csrf", io.mlpm.security.WebappSessions.csrfToken(request));
    // The page's own script (with its nonce) calls this application only; nothing loads from elsewhere.
    PageHeaders.set(response, "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'unsafe-inline';"
        + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'");
    // The page carries the session's CSRF token: not even the browser's own cache keeps it.
    response.setHeader("Cache-Control", "no-store");
    return "start";
  }

  /** What the page offers: metrics per task type with their ranges, operators, sponsors, datasets. */
  @GetMapping(path = "/api/start/options", produces = "application/json")
  @ResponseBody
  public Map<String, Object> options(HttpServletRequest request) {
    requireStarter(request);
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (TaskType type : TaskType.values()) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (String code : Metric.codesFor(type)) {
        Metric m = Metric.fromCode(code).orElseThrow();
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("code", code);
        metric.put("min", Double.isInfinite(m.min()) ? null : m.min());
        metric.put("max", Double.isInfinite(m.max()) ? null : m.max());
        metric.put("range", m.range());
        metric.put("higherIsBetter", m.higherIsBetter());
        list.add(metric);
      }
      metrics.put(type.code(), list);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("metrics", metrics);
    body.put("operators", io.mlpm.charter.CharterValidator.OPERATORS);
    body.put("sponsors", users.sponsors());
    body.put("datasets", datasets());
    body.put("user", io.mlpm.security.CurrentUser.of(request));
    return body;
  }

  /** The header of a dataset under the root, for the target column's list. */
  @GetMapping(path = "/api/start/columns", produces = "application/json")
  @ResponseBody
  public Map<String, Object> columns(@RequestParam String datasetUri,
      @RequestParam(required = false) String csvDelimiter, HttpServletRequest request) {
    requireStarter(request);
    Character delimiter;
    try {
      delimiter = CsvDatasetReader.delimiter(csvDelimiter);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Parameter 'csvDelimiter': " + e.getMessage() + ".");
    }
    try {
      List<String> columns = data.columns(datasetUri, delimiter);
      return Map.of("datasetUri", datasetUri, "columns", columns);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Parameter 'datasetUri': " + e.getMessage());
    }
  }

  private void requireStarter(HttpServletRequest request) {
    if (callers.token().isPresent() || callers.groups(request).stream().noneMatch(STARTERS::contains)) {
      throw new ForbiddenException("Starting a project is for business sponsors (group '" + Roles.SPONSORS + "').");
    }
  }

  /** Data files under the root, by path, at most {@value #MAX_DATASETS} (the first ones by name). */
  private List<String> datasets() {
    Path root = data.root().root();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root, 4)) {
      return files.limit(MAX_VISITED).filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .filter(p -> DATASET_SUFFIXES.stream().anyMatch(s -> p.getFileName().toString().toLowerCase(Locale.ROOT)
              .endsWith(s)))
          .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().limit(MAX_DATASETS).toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }
}
