package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.process.engine.LongStep;
import io.mlpm.process.engine.StepScope;
import io.mlpm.data.WorkingSet;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlpm.data.DatasetChangedException;
import io.mlpm.evaluation.CriterionResult;
import io.mlpm.evaluation.EvaluationOutcome;
import io.mlpm.evaluation.EvaluationService;
import io.mlpm.evaluation.FinalEvaluation;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.springframework.stereotype.Component;

/**
 * Service task {@code evaluateModel}: the selected candidate refit on training plus validation
 * rows, then test-split metrics and the verdict per success criterion of the charter in force, for
 * the gateway and the sponsor.
 */
@Component
public class EvaluateModelDelegate implements LongStep {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final WorkingSet workingSet;
  private final FinalEvaluation evaluation;

  public EvaluateModelDelegate(FinalEvaluation evaluation, WorkingSet workingSet) {
    this.workingSet = workingSet;
    this.evaluation = evaluation;
  }

  @Override
  public String topic() {
    return "mlpm.evaluateModel";
  }

  @Override
  public long workingSet(StepScope execution) {
    return workingSet.ofFinalEvaluation(Variables.number(execution, Variables.SPLIT_ID));
  }

  @Override
  public void work(StepScope execution) {
    EvaluationService.CandidateVerdict verdict;
    try {
      verdict = evaluation.judge(Variables.number(execution, Variables.CANDIDATE_MODEL_ID));
    } catch (DatasetChangedException e) {
      throw new BpmnError(Variables.DATASET_CHANGED_ERROR, e.getMessage());
    }
    EvaluationOutcome outcome = verdict.outcome();
    ArrayNode metrics = JSON.createArrayNode();
    for (Map.Entry<String, Double> m : outcome.metrics().entrySet()) {
      metrics.addObject().put("metric", m.getKey()).put("value", round(m.getValue()));
    }
    ArrayNode criteria = JSON.createArrayNode();
    for (CriterionResult c : outcome.criteria()) {
      String criterion = c.operator().endsWith("than") ? c.metric() + " " + c.operator() + " production"
          : c.metric() + " " + c.operator() + " " + c.threshold();
      criteria.addObject().put("criterion", criterion)
          .put("value", c.value() == null ? "not computed" : String.valueOf(round(c.value())))
          .put("met", c.met() ? "met" : "NOT met").put("message", c.message());
    }
    execution.setVariable(Variables.METRICS, Variables.json(metrics.toString()));
    execution.setVariable(Variables.CRITERIA_RESULTS, Variables.json(criteria.toString()));
    execution.setVariable(Variables.CRITERIA_MET, outcome.allMet());
    execution.setVariable(Variables.ROWS_USED, Variables.abbreviate(verdict.candidate().trainingRows() + "; "
        + verdict.candidate().evaluationRows()));
    execution.setVariable(Variables.CRITERIA_SUMMARY, Variables.abbreviate(outcome.criteria().stream()
        .map(CriterionResult::message).collect(Collectors.joining(" "))));
    // For the sponsor, should the iterations run out: every iteration so far, this one included.
    IterationsView.write(execution, verdict.candidate().projectKey(), verdict.primaryMetric(), verdict.projectModels());
  }

  private static double round(double v) {
    return Math.round(v * 10000.0) / 10000.0;
  }
}
