package io.mlpm.charter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.ml.Metric;
import io.mlpm.ml.SuccessCriterion;
import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Checks the variables a project starts with, before anything is created, so a bad charter is
 * answered with a message that names the variable and leaves nothing behind.
 */
public final class CharterValidator {

  public static final List<String> REQUIRED =
      List.of("projectName", "businessProblem", "sponsor", "datasetUri", "targetColumn", "taskType",
          "successCriteria");
  public static final List<String> OPERATORS = List.of(">=", ">", "<=", "<");
  public static final List<String> RISK_LEVELS = List.of("low", "medium", "high");
  /** Per-project overrides of the data quality policy's thresholds: a row count and ratios from 0 to 1. */
  public static final String MIN_ROWS = io.mlpm.data.QualityFindings.MIN_ROWS;
  /** Optional: days each of the project's sign-offs may wait before it is overdue. */
  public static final String SIGN_OFF_DAYS = "signOffDays";
  public static final List<String> QUALITY_RATIOS = io.mlpm.data.QualityFindings.RATIO_OVERRIDES;
  private static final int MAX_ITERATIONS_LIMIT = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DatasetCheck datasetCheck;
  private final Predicate<String> isSponsor;

  /**
   * @param datasetCheck throws {@link IllegalArgumentException} with a reason when the dataset uri
   *     does not resolve inside the dataset root; returns normally otherwise
   * @param isSponsor whether a user id names a member of the sponsors' group now
   */
  public CharterValidator(DatasetCheck datasetCheck, Predicate<String> isSponsor) {
    this.datasetCheck = datasetCheck;
    this.isSponsor = isSponsor;
  }

  /**
   * Resolves a dataset uri inside the dataset root and answers its header's columns (empty when
   * the file cannot be read as CSV: the data step reports that), or throws an
   * {@link IllegalArgumentException} naming the problem with the path.
   */
  @FunctionalInterface
  public interface DatasetCheck {
    List<String> columns(String datasetUri, Character delimiter);
  }

  public Charter validate(Map<String, ?> variables) {
    for (String name : REQUIRED) {
      Object value = variables.get(name);
      if (value == null || value.toString().isBlank()) {
        throw new InvalidCharterException(name, "Charter variable '" + name + "' is required and must not be blank.");
      }
    }
    String taskTypeCode = text(variables, "taskType");
    TaskType taskType = TaskType.fromCode(taskTypeCode).orElseThrow(() -> new InvalidCharterException("taskType",
        "Charter variable 'taskType' must be 'classification' or 'regression', not '" + taskTypeCode + "'."));
    List<SuccessCriterion> criteria = parseCriteria(variables.get("successCriteria"), taskType);
    checkRanges(criteria);
    String sponsor = text(variables, "sponsor");
    if (!isSponsor.test(sponsor)) {
      throw new InvalidCharterException("sponsor", "Charter variable 'sponsor' names '" + sponsor
          + "', who is not a member of the group 'sponsors'; the sponsor must be a business sponsor who can sign"
          + " off the charter.");
    }
    Object delimiter = variables.get("csvDelimiter");
    Character separator;
    try {
      separator = io.mlpm.data.CsvDatasetReader.delimiter(delimiter == null ? null : delimiter.toString());
    } catch (IllegalArgumentException e) {
      throw new InvalidCharterException("csvDelimiter", "Charter variable 'csvDelimiter': " + e.getMessage() + ".");
    }
    String datasetUri = text(variables, "datasetUri");
    List<String> columns;
    try {
      columns = datasetCheck.columns(datasetUri, separator);
    } catch (IllegalArgumentException e) {
      throw new InvalidCharterException("datasetUri", "Charter variable 'datasetUri' is not usable: " + e.getMessage());
    }
    String sensitive = variables.get("sensitiveAttribute") == null ? null : text(variables, "sensitiveAttribute");
    if (sensitive != null && sensitive.isBlank()) {
      sensitive = null;
    }
    // A target (or sensitive attribute) the file does not have would cost a sign-off round first.
    inHeader("targetColumn", text(variables, "targetColumn"), datasetUri, columns);
    inHeader("sensitiveAttribute", sensitive, datasetUri, columns);
    checkAlgorithms(variables.get("algorithms"), taskType);
    checkTuningBudget(variables.get("tuningBudget"));
    checkQualityOverrides(variables);
    checkSeed(variables.get("seed"));
    List<String> excluded = excludedColumns(variables.get("excludedColumns"), text(variables, "targetColumn"),
        sensitive, datasetUri, columns);
    String risk = variables.get("riskLevel") == null ? "" : variables.get("riskLevel").toString().trim();
    if (!risk.isEmpty() && !RISK_LEVELS.contains(risk)) {
      throw new InvalidCharterException("riskLevel", "Charter variable 'riskLevel' must be low, medium or high, not '"
          + risk + "'.");
    }
    return new Charter(text(variables, "projectName"), text(variables, "businessProblem"), sponsor, datasetUri,
        text(variables, "targetColumn"), taskType, criteria, sensitive, maxIterations(variables.get("maxIterations")),
        risk.isEmpty() ? "medium" : risk, signOffDays(variables.get(SIGN_OFF_DAYS)), seed(variables.get("seed")),
        delimiter == null || delimiter.toString().isEmpty() ? null : delimiter.toString(),
        names(variables.get("algorithms")), tuningBudget(variables.get("tuningBudget")), excluded,
        qualityOverrides(variables));
  }

  /**
   * The columns the charter leaves out: comma separated (or a JSON list), each a column of the file,
   * never the target or the sensitive attribute, which the model and its fairness check need.
   */
  static List<String> excludedColumns(Object value, String target, String sensitive, String datasetUri,
      List<String> columns) {
    List<String> names = names(value);
    for (String name : names) {
      if (name.equals(target)) {
        throw new InvalidCharterException("excludedColumns", "Charter variable 'excludedColumns' names the target '"
            + target + "', which cannot be left out.");
      }
      if (name.equals(sensitive)) {
        throw new InvalidCharterException("excludedColumns", "Charter variable 'excludedColumns' names the sensitive"
            + " attribute '" + sensitive + "': the model is checked for fairness against it.");
      }
    }
    List<String> unknown = columns.isEmpty() ? List.of() : names.stream().filter(n -> !columns.contains(n)).toList();
    if (!unknown.isEmpty()) {
      throw new InvalidCharterException("excludedColumns", "Charter variable 'excludedColumns' names " + unknown
          + ", not columns of " + datasetUri + ".");
    }
    return names;
  }

  /** A comma-separated list or a JSON list of names, trimmed, each once. */
  private static List<String> names(Object value) {
    if (value == null || value.toString().isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(value.toString().replaceAll("[\\[\\]\"]", "").split(",")).map(String::strip)
        .filter(n -> !n.isEmpty()).distinct().toList();
  }

  private static Long seed(Object value) {
    return value == null || value.toString().isBlank() ? null
        : value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
  }

  private static Integer tuningBudget(Object value) {
    return value == null || value.toString().isBlank() ? null : (int) Double.parseDouble(value.toString().trim());
  }

  private static Map<String, Double> qualityOverrides(Map<String, ?> variables) {
    Map<String, Double> overrides = new java.util.LinkedHashMap<>();
    for (String name : io.mlpm.data.QualityFindings.OVERRIDES) {
      Object v = variables.get(name);
      if (v != null && !v.toString().isBlank()) {
        overrides.put(name, v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim()));
      }
    }
    return overrides;
  }

  private static void inHeader(String variable, String column, String datasetUri, List<String> columns) {
    if (column == null || columns.isEmpty() || columns.contains(column.strip()) || columns.contains(column)) {
      return;
    }
    List<String> shown = columns.size() > 30 ? columns.subList(0, 30) : columns;
    throw new InvalidCharterException(variable, "Charter variable '" + variable + "' is '" + column + "', which is not a"
        + " column of " + datasetUri + "; its columns are " + String.join(", ", shown)
        + (columns.size() > shown.size() ? " and " + (columns.size() - shown.size()) + " more" : "") + ".");
  }

  /**
   * A threshold its metric cannot reach (an accuracy of 80) is refused when a project starts; only
   * then: the steps that read a running project's criteria again must not fail on a charter an
   * earlier version accepted.
   */
  static void checkRanges(List<SuccessCriterion> criteria) {
    for (int i = 0; i < criteria.size(); i++) {
      SuccessCriterion c = criteria.get(i);
      Metric known = Metric.fromCode(c.metric()).orElseThrow();
      double value = c.threshold();
      if (value < known.min() || value > known.max()) {
        String shown = value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        throw new InvalidCharterException("successCriteria", "Charter variable 'successCriteria' item " + (i + 1)
            + ": a threshold of " + shown + " is outside " + c.metric() + "'s range, " + known.range()
            + (known.max() == 1 && value > 1 && value <= 100 ? " (for " + shown + " %, write " + value / 100 + ")" : "")
            + ".");
      }
    }
  }

  /** Optional: days each sign-off may wait, a whole number from 1 to 365. */
  static Integer signOffDays(Object value) {
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    double days = number(SIGN_OFF_DAYS, value, "a whole number of days from 1 to 365");
    if (days < 1 || days > 365 || days != Math.rint(days)) {
      throw new InvalidCharterException(SIGN_OFF_DAYS, "Charter variable '" + SIGN_OFF_DAYS
          + "' must be a whole number of days from 1 to 365, not '" + value + "'.");
    }
    return (int) days;
  }

  /** Optional seed of the split and the training: a whole number (a text of digits too). */
  static void checkSeed(Object value) {
    if (value == null || value instanceof Integer || value instanceof Long || value.toString().isBlank()) {
      return;
    }
    try {
      Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new InvalidCharterException("seed", "Charter variable 'seed' must be a whole number, not '" + value
          + "'.");
    }
  }

  /** Optional overrides of the quality policy: minRows a whole number from 1, the ratios numbers from 0 to 1. */
  static void checkQualityOverrides(Map<String, ?> variables) {
    Object rows = variables.get(MIN_ROWS);
    if (rows != null && !rows.toString().isBlank()) {
      double n = number(MIN_ROWS, rows, "a whole number of at least 1");
      if (n < 1 || n != Math.rint(n)) {
        throw new InvalidCharterException(MIN_ROWS, "Charter variable '" + MIN_ROWS
            + "' must be a whole number of at least 1, not '" + rows + "'.");
      }
    }
    for (String name : QUALITY_RATIOS) {
      Object v = variables.get(name);
      if (v != null && !v.toString().isBlank()) {
        double r = number(name, v, "a ratio from 0 to 1");
        if (r < 0 || r > 1) {
          throw new InvalidCharterException(name, "Charter variable '" + name + "' must be a ratio from 0 to 1 (e.g."
              + " 0.2 for 20 %), not '" + v + "'.");
        }
      }
    }
  }

  private static double number(String name, Object v, String what) {
    try {
      double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new InvalidCharterException(name, "Charter variable '" + name + "' must be " + what + ", not '" + v + "'.");
  }

  /** Optional comma-separated candidate algorithms; empty means the defaults of the task type. */
  public static void checkAlgorithms(Object value, TaskType taskType) {
    if (value == null || value.toString().isBlank()) {
      return;
    }
    for (String code : value.toString().replaceAll("[\\[\\]\"]", "").split(",")) {
      if (code.isBlank()) {
        continue;
      }
      try {
        if (io.mlpm.training.ExternalTrainers.isExternal(code)) {
          io.mlpm.training.ExternalTrainers.code(code);
        } else {
          io.mlpm.training.Algorithm.of(code.trim(), taskType);
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidCharterException("algorithms", "Charter variable 'algorithms': " + e.getMessage());
      }
    }
  }

  /** Optional tuning trials per candidate, 1 to 50. */
  public static void checkTuningBudget(Object value) {
    if (value == null || value.toString().isBlank()) {
      return;
    }
    double d;
    try {
      d = Double.parseDouble(value.toString().trim());
    } catch (NumberFormatException e) {
      d = -1;
    }
    if (d != Math.rint(d) || d < 1 || d > 50) {
      throw new InvalidCharterException("tuningBudget",
          "Charter variable 'tuningBudget' must be a whole number from 1 to 50, not '" + value + "'.");
    }
  }

  private static String text(Map<String, ?> variables, String name) {
    Object value = variables.get(name);
    if (!(value instanceof String s)) {
      throw new InvalidCharterException(name, "Charter variable '" + name + "' must be a string.");
    }
    return s.trim();
  }

  private static int maxIterations(Object value) {
    if (value == null || value.toString().isBlank()) {
      return Charter.DEFAULT_MAX_ITERATIONS;
    }
    int n;
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
      n = number.intValue();
    } else {
      try {
        n = Integer.parseInt(value.toString().trim());
      } catch (NumberFormatException e) {
        throw new InvalidCharterException("maxIterations",
            "Charter variable 'maxIterations' must be a whole number, not '" + value + "'.");
      }
    }
    if (n < 1 || n > MAX_ITERATIONS_LIMIT) {
      throw new InvalidCharterException("maxIterations",
          "Charter variable 'maxIterations' must be between 1 and " + MAX_ITERATIONS_LIMIT + ", not " + n + ".");
    }
    return n;
  }

  /** New success criteria (a change request): parsed and checked exactly as at the start. */
  public static List<SuccessCriterion> checkedCriteria(Object raw, TaskType taskType) {
    List<SuccessCriterion> criteria = parseCriteria(raw, taskType);
    checkRanges(criteria);
    return criteria;
  }

  /** Parses criteria that were validated at start (e.g. read back from a process variable). */
  public static List<SuccessCriterion> parseCriteriaOf(String json, TaskType taskType) {
    return parseCriteria(json, taskType);
  }

  static List<SuccessCriterion> parseCriteria(Object raw, TaskType taskType) {
    String where = "Charter variable 'successCriteria'";
    JsonNode list;
    try {
      list = JSON.readTree(raw.toString());
    } catch (Exception e) {
      throw new InvalidCharterException("successCriteria", where
          + " must be a JSON list like [{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.8}]; it is not valid JSON.");
    }
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new InvalidCharterException("successCriteria", where
          + " must be a non-empty JSON list of {metric, operator, threshold}.");
    }
    List<SuccessCriterion> criteria = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String at = where + " item " + (i + 1);
      if (!item.isObject()) {
        throw new InvalidCharterException("successCriteria", at + " must be an object {metric, operator, threshold}.");
      }
      String metric = item.path("metric").asText("");
      Metric known = Metric.fromCode(metric).orElseThrow(() -> new InvalidCharterException("successCriteria",
          at + " names unknown metric '" + metric + "'; known for " + taskType.code() + ": "
              + String.join(", ", Metric.codesFor(taskType)) + "."));
      if (known.taskType() != taskType) {
        throw new InvalidCharterException("successCriteria", at + ": metric '" + metric + "' does not apply to "
            + taskType.code() + "; use one of " + String.join(", ", Metric.codesFor(taskType)) + ".");
      }
      String operator = item.path("operator").asText("");
      if (!OPERATORS.contains(operator)) {
        throw new InvalidCharterException("successCriteria", at + " has unknown operator '" + operator
            + "'; use one of " + String.join(" ", OPERATORS) + ".");
      }
      JsonNode threshold = item.get("threshold");
      if (threshold == null || !threshold.isNumber() || !Double.isFinite(threshold.asDouble())) {
        throw new InvalidCharterException("successCriteria", at + " needs a numeric 'threshold', not "
            + (threshold == null ? "nothing" : threshold.toString()) + ".");
      }
      criteria.add(new SuccessCriterion(metric, operator, threshold.asDouble()));
    }
    return List.copyOf(criteria);
  }
}
