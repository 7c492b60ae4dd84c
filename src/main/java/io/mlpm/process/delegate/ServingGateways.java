package io.mlpm.process.delegate;

import io.mlpm.deployment.ExternalServing;
import io.mlpm.process.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The lifecycle's "served outside?" gateways ({@code ${serving.deploysOutside(execution)}} and
 * the like): a model trained outside is deployed, rolled back and withdrawn by a serving worker,
 * decided by the model registry (whether the model was trained outside).
 */
@Component("serving")
public class ServingGateways {

  private final ExternalServing serving;

  public ServingGateways(ExternalServing serving) {
    this.serving = serving;
  }

  public boolean deploysOutside(DelegateExecution execution) {
    return serving.deploysOutside(Variables.number(execution, Variables.CANDIDATE_MODEL_ID));
  }

  public boolean rollsBackOutside(DelegateExecution execution) {
    return serving.rollsBackOutside(execution.getProcessBusinessKey());
  }

  public boolean retiresOutside(DelegateExecution execution) {
    return serving.retiresOutside(execution.getProcessBusinessKey());
  }
}
