package io.mlpm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;

/**
 * Quality benchmark (a documented command, not a test): see BENCHMARKS.md and
 * bench/quality-benchmark.sh. Each table's 80 % (written by {@code bench/quality/tables.py split})
 * goes through the whole lifecycle over REST with the product's defaults, every sign-off given as
 * its role; the served model then predicts the 20 % it never saw, over {@code POST
 * /api/projects/{key}/predictions}, and is scored here. scikit-learn's side ({@code tables.py
 * sklearn}, run before) is read from sklearn.json and both are printed side by side.
 *
 * <pre>java -cp ... io.mlpm.bench.QualityBenchmark [dir] [table ...]</pre>
 */
public final class QualityBenchmark {

  private static final int BATCH = 500;

  private QualityBenchmark() {}

  record Table(String name, String target, String task, String metric, int trainRows, int testRows) {}

  record Outcome(double score, double seconds, String algorithm, String note) {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench/quality").toAbsolutePath();
    Set<String> only = new HashSet<>(args.length > 1 ? List.of(args).subList(1, args.length) : List.of());
    List<Table> tables = new ArrayList<>();
    for (JsonNode t : BenchApp.JSON.readTree(dir.resolve("tables.json").toFile())) {
      if (only.isEmpty() || only.contains(t.path("name").asText())) {
        tables.add(new Table(t.path("name").asText(), t.path("target").asText(), t.path("task").asText(),
            t.path("metric").asText(), t.path("trainRows").asInt(), t.path("testRows").asInt()));
      }
    }
    JsonNode sklearn = BenchApp.JSON.readTree(dir.resolve("sklearn.json").toFile());
    System.out.printf(Locale.ROOT, "JVM max heap %d MB, %d CPUs%n", Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
    Map<Table, Outcome> outcomes = new LinkedHashMap<>();
    Path dataDir = Files.createTempDirectory("mlpm-quality-bench");
    try (BenchApp app = BenchApp.start(dataDir, dir, false)) {
      for (Table t : tables) {
        Outcome o;
        try {
          o = run(app, dir, t);
        } catch (RuntimeException e) {
          o = new Outcome(Double.NaN, Double.NaN, "-", "failed: " + e.getMessage());
        }
        outcomes.put(t, o);
        System.out.printf(Locale.ROOT, "%s: orchestrator %s %s %.4f in %.1f s%s%n", t.name(), o.algorithm(),
            t.metric(), o.score(), o.seconds(), o.note().isEmpty() ? "" : " (" + o.note() + ")");
      }
    }
    System.out.println();
    System.out.println("| table | rows (80 % / 20 %) | metric | orchestrator | scikit-learn | ratio | orchestrator s"
        + " | scikit-learn s |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    double sum = 0;
    int counted = 0;
    double worst = Double.POSITIVE_INFINITY;
    for (Map.Entry<Table, Outcome> e : outcomes.entrySet()) {
      Table t = e.getKey();
      Outcome o = e.getValue();
      JsonNode s = sklearn.path(t.name());
      double theirs = s.path("score").asDouble(Double.NaN);
      // The ratio is above 1 when the orchestrator is better: accuracy and F1 divided, RMSE inverted.
      double ratio = t.metric().equals("rmse") ? theirs / o.score() : o.score() / theirs;
      if (Double.isFinite(ratio)) {
        sum += ratio;
        counted++;
        worst = Math.min(worst, ratio);
      }
      System.out.printf(Locale.ROOT, "| %s | %d / %d | %s | %.4f (%s) | %.4f (%s) | %.3f | %.1f | %.1f |%n", t.name(),
          t.trainRows(), t.testRows(), t.metric(), o.score(), o.algorithm(), theirs, s.path("best").asText("-"), ratio,
          o.seconds(), s.path("seconds").asDouble(Double.NaN));
    }
    System.out.printf(Locale.ROOT, "mean ratio %.3f over %d tables, worst %.3f (goal: >= 1.0 on every table, above"
        + " it on average)%n", counted == 0 ? Double.NaN : sum / counted, counted, worst);
    var written = BenchApp.JSON.createObjectNode();
    outcomes.forEach((t, o) -> written.putObject(t.name()).put("score", o.score()).put("seconds", o.seconds())
        .put("algorithm", o.algorithm()).put("note", o.note()));
    BenchApp.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("orchestrator.json").toFile(), written);
  }

  /** One table from the REST start to its served model's score on the held-out 20 %. */
  static Outcome run(BenchApp app, Path dir, Table t) throws IOException {
    String key = "q-" + t.name().replace('_', '-');
    String criterion = t.metric().equals("rmse")
        ? "[{\"metric\":\"rmse\",\"operator\":\"<=\",\"threshold\":1e12}]"
        : "[{\"metric\":\"" + t.metric() + "\",\"operator\":\">=\",\"threshold\":0.01}]";
    long start = System.nanoTime();
    app.startProject("sponsor", key, Map.of("projectName", "Quality " + t.name(), "businessProblem",
        "Predict " + t.target(), "sponsor", "sponsor", "datasetUri", t.name() + "-train.csv", "targetColumn",
        t.target(), "taskType", t.task(), "successCriteria", criterion));
    List<String> notes = new ArrayList<>();
    TaskService tasks = app.bean(TaskService.class);
    double trained = Double.NaN;
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    while (true) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not served after 30 minutes: " + app.get("sponsor", "/api/projects/" + key)
            .body());
      }
      List<Task> open = tasks.createTaskQuery().processInstanceBusinessKey(key).list();
      if (open.isEmpty()) {
        if ("production".equals(app.get("sponsor", "/api/projects/" + key).json().path("phase").asText())) {
          break;
        }
        BenchApp.sleep(100);
        continue;
      }
      Task task = open.get(0);
      switch (task.getTaskDefinitionKey()) {
        case "approveCharter" -> app.complete("sponsor", task, "approved", true);
        case "resolveDataIssues" -> {
          notes.add("waived: " + findings(app, task));
          app.complete("steward", task, "resolution", "waive", "comment", "benchmark: the table is used as published");
        }
        // Four eyes on a waiver: the steward who waived cannot approve the dataset.
        case "approveDataset" -> app.complete(notes.isEmpty() ? "steward" : "steward2", task, "approved", true,
            "comment", "ok");
        case "approveDeployment" -> {
          trained = (System.nanoTime() - start) / 1e9;
          app.complete("sponsor2", task, "approved", true, "comment", "ship");
        }
        case "approveDeploymentCompliance" -> app.complete("compliance", task, "approved", true, "comment", "ok");
        default -> throw new IllegalStateException("stopped at " + task.getTaskDefinitionKey() + ": "
            + app.get("sponsor", "/api/projects/" + key).body());
      }
    }
    JsonNode models = app.get("sponsor", "/api/projects/" + key + "/models").json();
    String algorithm = "?";
    List<String> candidates = new ArrayList<>();
    for (JsonNode m : models.path("models")) {
      if ("PRODUCTION".equalsIgnoreCase(m.path("stage").asText())) {
        algorithm = m.path("algorithm").asText();
      }
      candidates.add(String.format(Locale.ROOT, "%s %.4f", m.path("algorithm").asText(),
          m.path("validationMetrics").path(t.metric()).asDouble(Double.NaN)));
    }
    notes.add((models.path("models").path(0).path("trials").path(0).has("foldScores") ? "cross-validated: "
        : "validation: ") + String.join(", ", candidates));
    return new Outcome(score(app, dir, t, key), trained, algorithm, String.join("; ", notes));
  }

  /** The blocking findings a data issues task shows. */
  private static String findings(BenchApp app, Task task) {
    BenchApp.Response r = app.get("steward", "/engine-rest/task/" + task.getId() + "/variables/shown");
    if (r.status() != 200) {
      return "findings (HTTP " + r.status() + ")";
    }
    JsonNode value = r.json().path("value");
    String summary = (value.isTextual() ? readTree(value.asText()) : value).path("dataSummary").asText();
    return summary.length() > 300 ? summary.substring(0, 300) + "..." : summary;
  }

  private static JsonNode readTree(String json) {
    try {
      return BenchApp.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The served model's predictions of the test rows, scored against their targets. */
  static double score(BenchApp app, Path dir, Table t, String key) throws IOException {
    List<String> truth = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    List<Map<String, String>> batch = new ArrayList<>();
    try (CsvReader<de.siegmar.fastcsv.reader.NamedCsvRecord> csv = CsvReader.builder()
        .ofNamedCsvRecord(dir.resolve(t.name() + "-test.csv"))) {
      for (var record : csv) {
        // An empty cell goes as null, which the model imputes (an absent feature is refused as a client's mistake).
        Map<String, String> row = new LinkedHashMap<>();
        record.getFieldsAsMap().forEach((column, value) -> {
          if (!column.equals(t.target())) {
            row.put(column, value.isEmpty() ? null : value);
          }
        });
        truth.add(record.getField(t.target()));
        batch.add(row);
        if (batch.size() == BATCH) {
          predicted.addAll(predict(app, key, batch));
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      predicted.addAll(predict(app, key, batch));
    }
    return metric(t.metric(), truth, predicted);
  }

  private static List<String> predict(BenchApp app, String key, List<Map<String, String>> rows) {
    BenchApp.Response r = app.post("engineer", "/api/projects/" + key + "/predictions", Map.of("rows", rows));
    if (r.status() != 200) {
      throw new IllegalStateException("predictions: HTTP " + r.status() + " " + r.body());
    }
    List<String> values = new ArrayList<>();
    for (JsonNode p : r.json().path("predictions")) {
      values.add(p.path("prediction").asText());
    }
    return values;
  }

  /** Accuracy, macro F1 (over the classes in the truth or the predictions, as scikit-learn's) or RMSE. */
  static double metric(String metric, List<String> truth, List<String> predicted) {
    int n = truth.size();
    switch (metric) {
      case "accuracy" -> {
        int right = 0;
        for (int i = 0; i < n; i++) {
          right += same(truth.get(i), predicted.get(i)) ? 1 : 0;
        }
        return right / (double) n;
      }
      case "macro_f1" -> {
        Set<String> classes = new HashSet<>();
        for (int i = 0; i < n; i++) {
          classes.add(label(truth.get(i)));
          classes.add(label(predicted.get(i)));
        }
        double sum = 0;
        for (String c : classes) {
          int tp = 0;
          int fp = 0;
          int fn = 0;
          for (int i = 0; i < n; i++) {
            boolean actual = label(truth.get(i)).equals(c);
            boolean said = label(predicted.get(i)).equals(c);
            tp += actual && said ? 1 : 0;
            fp += !actual && said ? 1 : 0;
            fn += actual && !said ? 1 : 0;
          }
          sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return sum / classes.size();
      }
      case "rmse" -> {
        double squares = 0;
        for (int i = 0; i < n; i++) {
          double d = Double.parseDouble(truth.get(i)) - Double.parseDouble(predicted.get(i));
          squares += d * d;
        }
        return Math.sqrt(squares / n);
      }
      default -> throw new IllegalArgumentException(metric);
    }
  }

  private static boolean same(String a, String b) {
    return label(a).equals(label(b));
  }

  /** "4" and "4.0" are one class (the served label is the text the training file had). */
  private static String label(String value) {
    try {
      double d = Double.parseDouble(value);
      return d == Math.rint(d) ? String.valueOf((long) d) : value;
    } catch (NumberFormatException e) {
      return value;
    }
  }
}
