package io.mlpm.modelcard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.evaluation.EvaluationCharts;
import io.mlpm.evaluation.EvaluationReport;
import io.mlpm.evaluation.EvaluationReports;
import io.mlpm.governance.AuditTrail;
import io.mlpm.governance.SignOff;
import io.mlpm.governance.SignOffRecords;
import io.mlpm.modelcard.ModelCard.CriterionRow;
import io.mlpm.modelcard.ModelCard.DataFacts;
import io.mlpm.modelcard.ModelCard.IntendedUse;
import io.mlpm.modelcard.ModelCard.MetricRow;
import io.mlpm.modelcard.ModelCard.ModelFacts;
import io.mlpm.modelcard.ModelCard.Provenance;
import io.mlpm.modelcard.ModelCard.Table;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectRepository;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.training.FeatureColumn;
import io.mlpm.training.FeatureSchema;
import io.mlpm.web.NotFoundException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringBootVersion;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Service;

/** Assembles the model card of a model version and renders its charts. */
@Service
public class ModelCardService {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TRIBUO_VERSION = Pattern.compile("tribuo-version\\s*=\\s*([0-9A-Za-z.\\-]+)");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final ProjectRepository projects;
  private final ModelRegistry registry;
  private final EvaluationReports reports;
  private final AuditTrail audit;
  private final ModelCardFacts facts;
  private final SignOffRecords signOffs;

  public ModelCardService(ProjectRepository projects, ModelRegistry registry, EvaluationReports reports,
      AuditTrail audit, ModelCardFacts facts, SignOffRecords signOffs) {
    this.signOffs = signOffs;
    this.projects = projects;
    this.registry = registry;
    this.reports = reports;
    this.audit = audit;
    this.facts = facts;
  }

  /** @throws NotFoundException for an unknown project or model, or a model of another project */
  public ModelCard card(String projectKey, String modelId) {
    Project project = project(projectKey);
    ModelVersion m = version(projectKey, modelId);
    Optional<EvaluationReport> report = reports.find(m.id());
    JsonNode charter = tree(project.charterJson());
    String sensitive = text(charter, "sensitiveAttribute");
    DataFacts data = data(m);
    EvaluationReport r = report.orElse(null);
    return new ModelCard(
        intendedUse(project, charter),
        new ModelFacts(m.id(), m.version() == null ? "not released" : String.valueOf(m.version()),
            m.stage().name().toLowerCase(Locale.ROOT), m.algorithm(), m.iteration(), time(m.createdAt()),
            m.approvedBy()),
        data,
        metrics(m.metricsJson()),
        criteria(m.criteriaJson()),
        m.criteriaMet() == null ? "Not evaluated yet."
            : (m.criteriaMet() ? "All success criteria are met." : "The success criteria are not met.")
                + judgedBy(registry.charterVersionOf(m.id()), projects.charterVersion(projectKey))
                + earlier(registry.judgements(m.id())),
        r != null,
        r == null ? List.of() : EvaluationCharts.available(r),
        r == null ? null : confusion(r),
        r == null || r.importance() == null ? null : importanceNote(r.importance()),
        r == null || r.importance() == null ? null : importance(r.importance()),
        r == null || r.fairness() == null ? null : fairness(r.fairness()),
        ModelCardLimitations.describe(m.taskType(), m.algorithm(), data, r, sensitive),
        provenance(m),
        transitions(m.id()),
        audit(projectKey));
  }

  /** @throws NotFoundException also when the model has no report or the report has no such chart */
  public byte[] chart(String projectKey, String modelId, String chart) {
    project(projectKey);
    ModelVersion m = version(projectKey, modelId);
    EvaluationReport report = reports.find(m.id()).orElseThrow(() -> new NotFoundException(
        "Model " + m.id() + " of project '" + projectKey + "' has no evaluation report, so no charts."));
    if (!EvaluationCharts.available(report).contains(chart)) {
      throw new NotFoundException("Model " + m.id() + " has no chart '" + chart + "'; available: "
          + EvaluationCharts.available(report) + ".");
    }
    return EvaluationCharts.png(report, chart);
  }

  /** The verdicts before the latest (a changed charter judged the model again): none is lost. */
  static String earlier(List<Map<String, Object>> judgements) {
    if (judgements.size() < 2) {
      return "";
    }
    List<String> parts = new java.util.ArrayList<>();
    for (Map<String, Object> j : judgements.subList(0, judgements.size() - 1)) {
      Object v = j.get("charter_version");
      parts.add((v == null ? "by criteria no longer in force" : "by charter version " + v) + ": "
          + (Boolean.TRUE.equals(j.get("criteria_met")) ? "met" : "not met"));
    }
    return " Earlier verdicts: " + String.join("; ", parts) + ".";
  }

  /** Which charter version the verdict is by, and whether a newer one is in force. */
  static String judgedBy(Integer judged, int inForce) {
    if (judged == null) {
      return "";
    }
    return " Judged by charter version " + judged + (judged == inForce ? "." : "; version " + inForce
        + " is in force now.");
  }

  private Project project(String key) {
    return projects.find(key).orElseThrow(() -> new NotFoundException("No project '" + key + "'."));
  }

  private ModelVersion version(String projectKey, String modelId) {
    long id;
    try {
      id = Long.parseLong(modelId);
    } catch (NumberFormatException e) {
      throw new NotFoundException("No model '" + modelId + "' in project '" + projectKey + "'.");
    }
    ModelVersion m;
    try {
      m = registry.get(id);
    } catch (EmptyResultDataAccessException e) {
      m = null;
    }
    if (m == null || !m.projectKey().equals(projectKey)) {
      throw new NotFoundException("No model " + id + " in project '" + projectKey + "'.");
    }
    return m;
  }

  private static IntendedUse intendedUse(Project p, JsonNode charter) {
    List<String> criteria = new ArrayList<>();
    for (JsonNode c : charter.path("successCriteria")) {
      criteria.add(c.path("metric").asText() + " " + c.path("operator").asText() + " "
          + plain(c.path("threshold").asDouble()));
    }
    String name = Optional.ofNullable(text(charter, "projectName")).orElse(p.name());
    String taskType = Optional.ofNullable(text(charter, "taskType")).orElse(p.taskType()).toLowerCase(Locale.ROOT);
    return new IntendedUse(p.key(), name, text(charter, "businessProblem"),
        Optional.ofNullable(text(charter, "sponsor")).orElse(p.sponsor()),
        Optional.ofNullable(text(charter, "targetColumn")).orElse(p.targetColumn()), taskType,
        text(charter, "sensitiveAttribute"), text(charter, "riskLevel"), criteria, p.status().name().toLowerCase(Locale.ROOT), p.phase());
  }

  private DataFacts data(ModelVersion m) {
    Optional<Map<String, Object>> split = facts.split(m.splitId());
    Optional<Map<String, Object>> dataset = facts.datasetVersion(m.datasetSha256());
    List<String> features = new ArrayList<>();
    Set<String> leftOut = new LinkedHashSet<>();
    try {
      FeatureSchema schema = FeatureSchema.fromJson(m.featureSchemaJson());
      schema.columns().stream().map(FeatureColumn::name).forEach(features::add);
      schema.skipped().forEach(s -> leftOut.add(s.name() + " (" + s.reason() + ")"));
    } catch (IllegalArgumentException e) {
      leftOut.add("unknown: the feature schema is unreadable (" + e.getMessage() + ")");
    }
    split.map(s -> tree((String) s.get("plan_json"))).ifPresent(plan -> {
      for (JsonNode c : plan.path("excludedColumns")) {
        leftOut.add(c.asText() + " (excluded during data preparation)");
      }
    });
    return new DataFacts(m.datasetSha256(),
        split.map(s -> (String) s.get("dataset_uri")).or(() -> dataset.map(d -> (String) d.get("first_uri")))
            .orElse(null),
        dataset.map(d -> number(d.get("row_count"))).map(Number::longValue).orElse(null),
        dataset.map(d -> number(d.get("column_count"))).map(Number::intValue).orElse(null),
        split.map(s -> integer(s.get("train_rows"))).orElse(null),
        split.map(s -> integer(s.get("validation_rows"))).orElse(null),
        split.map(s -> integer(s.get("test_rows"))).orElse(null),
        split.map(s -> integer(s.get("duplicates_removed"))).orElse(null),
        split.map(s -> integer(s.get("dropped_rows"))).orElse(null),
        split.map(s -> number(s.get("seed"))).map(Number::longValue).orElse(null),
        features, List.copyOf(leftOut), stewardDecisions(m), m.trainingRows(), m.evaluationRows());
  }

  /** The steward's waivers and exclusions recorded on the dataset this model learnt from. */
  private List<String> stewardDecisions(ModelVersion m) {
    List<String> out = new ArrayList<>();
    for (SignOff s : signOffs.of(m.projectKey())) {
      boolean onThisData = s.datasetSha256() == null || s.datasetSha256().equals(m.datasetSha256());
      if (s.taskKey().equals("resolveDataIssues") && onThisData
          && (s.decision().equals("waive") || s.decision().equals("exclude"))) {
        out.add((s.decision().equals("waive") ? "Failed data checks waived" : "Columns left out") + " by "
            + s.userId() + " on " + s.decidedAt().toString().substring(0, 10) + ": " + s.comment());
      }
    }
    return out;
  }

  private static List<MetricRow> metrics(String json) {
    List<MetricRow> rows = new ArrayList<>();
    tree(json).fields().forEachRemaining(e -> rows.add(new MetricRow(e.getKey(),
        e.getValue().isNumber() ? fmt(e.getValue().asDouble()) : e.getValue().asText())));
    return rows;
  }

  private static List<CriterionRow> criteria(String json) {
    List<CriterionRow> rows = new ArrayList<>();
    for (JsonNode c : tree(json)) {
      rows.add(new CriterionRow(c.path("metric").asText(), c.path("operator").asText() + " "
          + plain(c.path("threshold").asDouble()),
          c.path("value").isNumber() ? fmt(c.path("value").asDouble()) : "not computed",
          c.path("met").asBoolean(), c.path("message").asText()));
    }
    return rows;
  }

  private static Table confusion(EvaluationReport r) {
    if (r.confusion() == null) {
      return null;
    }
    List<String> header = new ArrayList<>();
    header.add("actual \\ predicted");
    header.addAll(r.confusion().labels());
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < r.confusion().labels().size(); i++) {
      List<String> row = new ArrayList<>();
      row.add(r.confusion().labels().get(i));
      r.confusion().counts().get(i).forEach(c -> row.add(String.valueOf(c)));
      rows.add(row);
    }
    return new Table(header, rows);
  }

  private static String importanceNote(EvaluationReport.Importance i) {
    return "How much " + i.metric() + " worsens (baseline " + fmt(i.baseline()) + ") when one input column is"
        + " shuffled across " + i.rows() + " test rows, averaged over " + i.repeats()
        + " shuffles. Positive: the model relies on the column; about 0: it does not.";
  }

  private static Table importance(EvaluationReport.Importance i) {
    List<List<String>> rows = i.features().stream()
        .map(f -> List.of(f.feature(), fmt(f.importance()), fmt(f.std()))).toList();
    return new Table(List.of("feature", "importance", "std over shuffles"), rows);
  }

  private static ModelCard.Fairness fairness(EvaluationReport.Fairness f) {
    List<String> metricNames = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    for (EvaluationReport.GroupFigures g : f.groups()) {
      g.metrics().keySet().stream().filter(k -> !metricNames.contains(k)).forEach(metricNames::add);
      if (g.selectionRates() != null) {
        g.selectionRates().keySet().stream().filter(k -> !classes.contains(k)).forEach(classes::add);
      }
    }
    List<String> rateColumns = f.positiveClass() != null ? List.of(f.positiveClass()) : classes;
    List<String> header = new ArrayList<>();
    header.add("group");
    header.add("test rows");
    metricNames.forEach(header::add);
    rateColumns.forEach(c -> header.add("selection rate '" + c + "'"));
    boolean regression = f.groups().stream().anyMatch(g -> g.meanPrediction() != null);
    if (regression) {
      header.add("mean prediction");
    }
    List<List<String>> rows = new ArrayList<>();
    for (EvaluationReport.GroupFigures g : f.groups()) {
      List<String> row = new ArrayList<>();
      row.add(g.group());
      row.add(String.valueOf(g.rows()));
      metricNames.forEach(n -> row.add(fmt(g.metrics().get(n))));
      rateColumns.forEach(c -> row.add(fmt(g.selectionRates() == null ? null : g.selectionRates().get(c))));
      if (regression) {
        row.add(fmt(g.meanPrediction()));
      }
      rows.add(row);
    }
    String summary;
    if (f.demographicParityDifference() != null) {
      summary = "Demographic parity difference (largest gap in selection rate between groups"
          + (f.positiveClass() != null ? " for '" + f.positiveClass() + "'" : ", over all classes") + "): "
          + fmt(f.demographicParityDifference()) + ".";
      if (f.positiveClass() == null && !f.selectionRateDifference().isEmpty()) {
        List<String> parts = new ArrayList<>();
        f.selectionRateDifference().forEach((c, d) -> parts.add("'" + c + "' " + fmt(d)));
        summary += " Per class: " + String.join(", ", parts) + ".";
      }
    } else if (f.meanPredictionDifference() != null) {
      summary = "Largest gap in mean prediction between groups: " + fmt(f.meanPredictionDifference()) + ".";
    } else {
      summary = null;
    }
    return new ModelCard.Fairness(f.attribute(), summary, f.note(), new Table(header, rows));
  }

  private static Provenance provenance(ModelVersion m) {
    Map<String, String> parameters = new LinkedHashMap<>();
    tree(m.parametersJson()).fields().forEachRemaining(e -> parameters.put(e.getKey(),
        e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    Map<String, String> libraries = new LinkedHashMap<>();
    Matcher trained = TRIBUO_VERSION.matcher(m.provenance() == null ? "" : m.provenance());
    if (trained.find()) {
      libraries.put("Tribuo (at training)", trained.group(1));
    }
    libraries.put("Tribuo (this server)", org.tribuo.Tribuo.VERSION);
    libraries.put("Java (this server)", System.getProperty("java.version") + " ("
        + System.getProperty("java.vendor", "unknown vendor") + ")");
    libraries.put("Spring Boot (this server)", String.valueOf(SpringBootVersion.getVersion()));
    String jfree = org.jfree.chart.JFreeChart.class.getPackage().getImplementationVersion();
    if (jfree != null) {
      libraries.put("JFreeChart (charts)", jfree);
    }
    return new Provenance(m.algorithm(), parameters, m.seed(), m.provenance(), libraries,
        m.codeVersion() == null ? "not recorded (trained before code versions were kept)" : m.codeVersion(),
        m.external() ? m.artifactFormat() + " (opaque: stored with its SHA-256, never loaded here)" : null);
  }

  private Table transitions(long modelVersionId) {
    List<List<String>> rows = new ArrayList<>();
    for (Map<String, Object> t : registry.transitions(modelVersionId)) {
      rows.add(List.of(time(t.get("created_at")), or(t.get("from_stage"), "—"), or(t.get("to_stage"), ""),
          or(t.get("actor"), "system"), or(t.get("reason"), "")));
    }
    return new Table(List.of("when", "from", "to", "who", "why"), rows);
  }

  private Table audit(String projectKey) {
    List<List<String>> rows = new ArrayList<>();
    for (Map<String, Object> a : audit.list(projectKey)) {
      rows.add(List.of(time(a.get("created_at")), or(a.get("actor"), "system"), or(a.get("action"), ""),
          or(a.get("detail"), "")));
    }
    return new Table(List.of("when", "who", "what", "detail"), rows);
  }

  // ---------------------------------------------------------------- formatting

  static String fmt(Double d) {
    if (d == null) {
      return "—";
    }
    if (d.isNaN() || d.isInfinite()) {
      return String.valueOf(d);
    }
    return Math.abs(d) >= 1e6 ? String.format(Locale.ROOT, "%.4g", d) : String.format(Locale.ROOT, "%.4f", d);
  }

  private static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static String time(Object value) {
    Instant instant = null;
    if (value instanceof Instant i) {
      instant = i;
    } else if (value instanceof Timestamp t) {
      instant = t.toInstant();
    } else if (value instanceof OffsetDateTime o) {
      instant = o.toInstant();
    } else if (value instanceof TemporalAccessor t) {
      try {
        instant = Instant.from(t);
      } catch (RuntimeException e) {
        return t.toString();
      }
    }
    return instant == null ? or(value, "") : TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  private static String or(Object value, String fallback) {
    return value == null ? fallback : String.valueOf(value);
  }

  private static Integer integer(Object value) {
    Number n = number(value);
    return n == null ? null : n.intValue();
  }

  private static Number number(Object value) {
    return value instanceof Number n ? n : null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }

  private static JsonNode tree(String json) {
    if (json == null || json.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }
}
