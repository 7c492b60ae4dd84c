package io.mlpm.process;

import io.mlpm.data.DataPreparationService;
import io.mlpm.data.PreparedSplit;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code prepareDataset}: the seeded train/test split, recorded for later rebuilds. */
@Component
public class PrepareDatasetDelegate implements JavaDelegate {

  private final DataPreparationService data;

  public PrepareDatasetDelegate(DataPreparationService data) {
    this.data = data;
  }

  @Override
  public void execute(DelegateExecution execution) {
    PreparedSplit split = data.prepare(execution.getProcessBusinessKey(),
        Variables.text(execution, Variables.DATASET_URI), Variables.number(execution, Variables.DATASET_VERSION_ID),
        Variables.text(execution, Variables.TARGET_COLUMN), Variables.taskType(execution), Variables.seed(execution));
    execution.setVariable(Variables.SPLIT_ID, split.splitId());
    execution.setVariable(Variables.SPLIT_SUMMARY, String.format(
        "%d training rows and %d test rows (seed %d, %d rows without a target dropped)",
        split.split().train().size(), split.split().test().size(), split.seed(), split.split().droppedMissingTarget()));
  }
}
