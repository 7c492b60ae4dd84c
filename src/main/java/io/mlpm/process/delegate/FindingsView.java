package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.process.engine.StepScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlpm.data.DataCheckOutcome;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.Finding;
import io.mlpm.data.QualityFindings;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.spring.boot.starter.event.PostDeployEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Writes data findings as a JSON list the forms show as a table, plus the verdict for the gateway. */
@Component
public class FindingsView {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final DataPreparationService data;

  FindingsView(DataPreparationService data) {
    this.data = data;
  }

  /** The findings of a fresh check of the dataset (ingest, profile): they alone say what is unwaivable. */
  void write(VariableScope execution, DataCheckOutcome outcome) {
    write(execution, outcome, "");
  }

  /**
   * The findings of a check that could not look at the data again (the file changed or vanished):
   * what the last real check found unwaivable stays unwaivable, so a failed step cannot wash it out.
   */
  void writeFailure(VariableScope execution, DataCheckOutcome outcome) {
    Object before = execution.getVariable(Variables.UNWAIVABLE_FINDINGS);
    write(execution, outcome, before == null ? "" : before.toString());
  }

  /** A data step that gave up ({@link io.mlpm.process.engine.LongStep#giveUp}): an unwaivable finding with the reason, for the steward. */
  void writeGiveUp(StepScope execution, Long datasetVersionId, String reason) {
    writeFailure(execution, data.stepFailed(execution.getProcessBusinessKey(),
        Variables.text(execution, Variables.DATASET_URI), datasetVersionId, reason));
  }

  private void write(VariableScope execution, DataCheckOutcome outcome, String unwaivableBefore) {
    ArrayNode rows = JSON.createArrayNode();
    for (Finding f : outcome.findings()) {
      rows.addObject()
          .put("severity", f.severity().name())
          .put("check", f.check())
          .put("column", f.column() == null ? "" : f.column())
          .put("message", f.message());
    }
    execution.setVariable(Variables.DATA_VERDICT, outcome.verdict().name());
    execution.setVariable(Variables.DATA_FINDINGS, Variables.json(rows.toString()));
    execution.setVariable(Variables.DATA_SUMMARY, Variables.abbreviate(outcome.summary()));
    String found = outcome.findings().stream().filter(f -> !QualityFindings.waivable(f)).map(Finding::message)
        .collect(Collectors.joining(" "));
    String unwaivable = (unwaivableBefore + " " + found).strip();
    execution.setVariable(Variables.UNWAIVABLE_FINDINGS, Variables.abbreviate(unwaivable));
    execution.setVariable(Variables.WAIVER_NOTE, unwaivable.isEmpty()
        ? "Each finding may be waived with a reason; a second data steward then approves the dataset."
        : Variables.abbreviate("These findings make the project impossible on this dataset and cannot be waived: " + unwaivable
            + " Use a new dataset or abort."));
    // A new dataset's checks start without a waiver; a waiver sets it (DecisionListener).
    execution.setVariable(Variables.DATA_WAIVER, "none");
  }

  /**
   * Tasks to resolve data issues opened before the unwaivable findings were noted get them from
   * the recorded checks at start, so that no older task can waive what cannot be waived.
   */
  @EventListener
  public void openDataIssues(PostDeployEvent event) {
    noteUnwaivableOnOpenTasks(event.getProcessEngine().getTaskService(), event.getProcessEngine().getRuntimeService());
  }

  void noteUnwaivableOnOpenTasks(TaskService tasks, RuntimeService runtime) {
    for (Task task : tasks.createTaskQuery().taskDefinitionKey("resolveDataIssues").active().list()) {
      if (runtime.getVariable(task.getExecutionId(), Variables.UNWAIVABLE_FINDINGS) == null) {
        String project = runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
            .singleResult().getBusinessKey();
        runtime.setVariable(task.getExecutionId(), Variables.UNWAIVABLE_FINDINGS,
            Variables.abbreviate(data.latestUnwaivable(project)));
      }
    }
  }

}
