package io.mlpm.process;

import io.mlpm.data.DataCheckOutcome;
import io.mlpm.data.DataCheckPolicy;
import io.mlpm.data.DataPreparationService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code profileDataset}: run the data checks on the ingested version. */
@Component
public class ProfileDatasetDelegate implements JavaDelegate {

  private final DataPreparationService data;
  private final FindingsView findings;

  public ProfileDatasetDelegate(DataPreparationService data, FindingsView findings) {
    this.data = data;
    this.findings = findings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    DataCheckOutcome outcome = data.check(execution.getProcessBusinessKey(),
        Variables.text(execution, Variables.DATASET_URI), Variables.number(execution, Variables.DATASET_VERSION_ID),
        Variables.text(execution, Variables.TARGET_COLUMN), Variables.taskType(execution), DataCheckPolicy.defaults());
    findings.write(execution, outcome);
  }
}
