package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.springframework.stereotype.Component;

/**
 * Whether the deployment-approval policy asked for a compliance co-sign, read from the engine's
 * history of its evaluation in this project rather than from a process variable (which an
 * administrator could rewrite). Fails closed: no evaluation found means the co-sign is required.
 */
@Component
public class RiskAssessment {

  private final HistoryService history;

  RiskAssessment(HistoryService history) {
    this.history = history;
  }

  public boolean complianceRequired(String processInstanceId) {
    HistoricDecisionInstance latest = history.createHistoricDecisionInstanceQuery()
        .processInstanceId(processInstanceId).decisionDefinitionKey("deployment-approval").includeOutputs()
        .orderByEvaluationTime().desc().listPage(0, 1).stream().findFirst().orElse(null);
    if (latest == null) {
      return true;
    }
    return latest.getOutputs().stream().filter(o -> Variables.COMPLIANCE_REQUIRED.equals(o.getVariableName()))
        .map(HistoricDecisionOutputInstance::getValue).findFirst().map(v -> !Boolean.FALSE.equals(v)).orElse(true);
  }
}
