package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlpm.registry.ModelVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Every iteration of a project as the sponsor decides whether to go on: each iteration's selected
 * model with its validation and test score on the primary metric and its verdict, as a table, and
 * links to their model cards. The links are Markdown built here from numbers and the project key
 * (letters, digits, '.', '_' and '-' only, checked at the start), never from typed text.
 */
final class IterationsView {

  private static final ObjectMapper JSON = new ObjectMapper();

  private IterationsView() {}

  static void write(VariableScope execution, String projectKey, String primaryMetric, List<ModelVersion> versions) {
    List<ModelVersion> selected = selected(versions);
    ArrayNode rows = JSON.createArrayNode();
    List<String> cards = new ArrayList<>();
    for (ModelVersion v : selected) {
      rows.addObject().put("iteration", v.iteration()).put("algorithm", v.algorithm())
          .put("validation", score(v.validationMetricsJson(), primaryMetric))
          .put("test", score(v.metricsJson(), primaryMetric))
          .put("verdict", v.criteriaMet() == null ? "not evaluated" : v.criteriaMet() ? "met" : "NOT met");
      cards.add("[iteration " + v.iteration() + "](" + ModelVersion.cardPath(projectKey, v.id()) + ")");
    }
    execution.setVariable(Variables.ITERATIONS_TABLE, Variables.json(rows.toString()));
    execution.setVariable(Variables.ITERATION_CARDS, cards.isEmpty() ? "none yet"
        : Variables.abbreviate(String.join(" · ", cards)));
  }

  /** The selected model of each iteration, in the order they ran. */
  static List<ModelVersion> selected(List<ModelVersion> versions) {
    return versions.stream().filter(v -> Boolean.TRUE.equals(v.selected()))
        .sorted(Comparator.comparingInt(ModelVersion::iteration).thenComparingLong(ModelVersion::id)).toList();
  }

  static String score(String metricsJson, String metric) {
    try {
      JsonNode metrics = metricsJson == null ? null : JSON.readTree(metricsJson);
      JsonNode value = metrics == null ? null : metrics.get(metric);
      return value == null || !value.isNumber() ? "-"
          : metric + " " + String.format(Locale.ROOT, "%.4f", value.asDouble());
    } catch (Exception e) {
      return "-";
    }
  }
}
