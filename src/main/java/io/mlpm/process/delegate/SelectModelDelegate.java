package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlpm.training.ModelDevelopment;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code selectModel}: the best candidate by the first criterion's metric on validation data. */
@Component
public class SelectModelDelegate implements JavaDelegate {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ModelDevelopment development;

  public SelectModelDelegate(ModelDevelopment development) {
    this.development = development;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ModelDevelopment.Selected selected = development.select(execution.getProcessBusinessKey(),
        (int) Variables.number(execution, Variables.ITERATION));
    ArrayNode rows = JSON.createArrayNode();
    for (ModelDevelopment.CandidateRow c : selected.candidates()) {
      rows.addObject().put("algorithm", c.algorithm())
          .put("validation", c.validation() == null ? "-" : String.format(Locale.ROOT, "%.4f", c.validation()))
          .put("trials", c.trials()).put("selected", c.selected() ? "selected"
              : c.givenUp() != null ? Variables.abbreviate("given up: " + c.givenUp()) : "");
    }
    ArrayNode metrics = JSON.createArrayNode();
    selected.validationMetrics().forEach((metric, value) -> metrics.addObject().put("metric", metric)
        .put("value", String.format(Locale.ROOT, "%.4f", value)));
    execution.setVariable(Variables.CANDIDATE_MODEL_ID, selected.modelVersionId());
    execution.setVariable(Variables.SELECTED_ALGORITHM, selected.algorithm());
    execution.setVariable(Variables.SELECTION_REASON, Variables.abbreviate(selected.reason()));
    execution.setVariable(Variables.CANDIDATES_TABLE, Variables.json(rows.toString()));
    execution.setVariable(Variables.VALIDATION_METRICS, Variables.json(metrics.toString()));
  }
}
