package io.mlpm.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlpm.registry.ModelVersion;
import io.mlpm.training.ModelDevelopmentService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code selectModel}: the best candidate by the first criterion's metric on validation data. */
@Component
public class SelectModelDelegate implements JavaDelegate {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ModelDevelopmentService development;

  public SelectModelDelegate(ModelDevelopmentService development) {
    this.development = development;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String primary = Variables.criteria(execution).get(0).metric();
    ModelDevelopmentService.SelectionOutcome outcome = development.select(execution.getProcessBusinessKey(),
        (int) Variables.number(execution, Variables.ITERATION), primary);
    ArrayNode rows = JSON.createArrayNode();
    ArrayNode selectedMetrics = JSON.createArrayNode();
    for (ModelVersion c : outcome.candidates()) {
      if (c.id() == outcome.modelVersionId()) {
        read(c.validationMetricsJson()).fields().forEachRemaining(m -> selectedMetrics.addObject()
            .put("metric", m.getKey()).put("value", String.format(java.util.Locale.ROOT, "%.4f", m.getValue().asDouble())));
      }
      JsonNode validation = read(c.validationMetricsJson());
      int trials = read(c.trialsJson()).size();
      rows.addObject().put("algorithm", c.algorithm())
          .put("validation", validation.has(primary) ? String.format("%.4f", validation.get(primary).asDouble()) : "-")
          .put("trials", trials).put("selected", c.id() == outcome.modelVersionId() ? "selected" : "");
    }
    execution.setVariable(Variables.CANDIDATE_MODEL_ID, outcome.modelVersionId());
    execution.setVariable(Variables.SELECTED_ALGORITHM, outcome.algorithm());
    execution.setVariable(Variables.SELECTION_REASON, FindingsView.abbreviate(outcome.reason()));
    execution.setVariable(Variables.CANDIDATES_TABLE, Variables.json(rows.toString()));
    execution.setVariable(Variables.VALIDATION_METRICS, Variables.json(selectedMetrics.toString()));
  }

  private static JsonNode read(String json) {
    try {
      return json == null ? JSON.createObjectNode() : JSON.readTree(json);
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }
}
