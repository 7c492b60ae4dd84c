package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import io.mlpm.change.ProjectChanges;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/**
 * A change request on the engine: its approval process, and the new charter values handed to the
 * project's lifecycle and to the data preparation or model development it is in (a call activity
 * copies its variables back when it ends, so both get them), then the lifecycle's messages.
 */
@Component
public class EngineProjectChanges implements ProjectChanges {

  public static final String PROCESS_KEY = "charter-change";
  private static final List<String> PROJECT_PROCESSES = List.of(Variables.PROCESS_KEY, "data-preparation",
      "model-development");
  private final RuntimeService runtime;
  private final RepositoryService repository;

  public EngineProjectChanges(RuntimeService runtime, RepositoryService repository) {
    this.runtime = runtime;
    this.repository = repository;
  }

  @Override
  public void startApproval(String projectKey, long changeRequestId, boolean complianceCoSign, Map<String, String> shown) {
    Map<String, Object> variables = new HashMap<>(shown);
    variables.put("changeTable", Variables.json(shown.get("changeTable")));
    variables.put(Variables.CHANGE_REQUEST_ID, changeRequestId);
    variables.put(Variables.COMPLIANCE_COSIGN, complianceCoSign);
    runtime.startProcessInstanceByKey(PROCESS_KEY, projectKey, variables);
  }

  @Override
  public void cancelApproval(String projectKey, long changeRequestId, String reason) {
    for (ProcessInstance pi : runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
        .processInstanceBusinessKey(projectKey).variableValueEquals(Variables.CHANGE_REQUEST_ID, changeRequestId)
        .list()) {
      try {
        runtime.deleteProcessInstance(pi.getId(), reason);
      } catch (org.camunda.bpm.engine.OptimisticLockingException e) {
        // Someone completed its task at the same moment: the caller's conflict, not a fault.
        throw new io.mlpm.web.ConflictException("Change request " + changeRequestId + " was being decided at this"
            + " moment; reload it to see the outcome.");
      }
    }
  }

  @Override
  public boolean reactsToChanges(String projectKey) {
    ProcessInstance lifecycle = runtime.createProcessInstanceQuery().processInstanceBusinessKey(projectKey)
        .processDefinitionKey(Variables.PROCESS_KEY).singleResult();
    return lifecycle != null && repository.getBpmnModelInstance(lifecycle.getProcessDefinitionId())
        .getModelElementById("charterChangedDuringApproval") != null;
  }

  @Override
  public void applyToRunningProject(String projectKey, Map<String, Object> variables, boolean datasetChanged) {
    for (ProcessInstance pi : runtime.createProcessInstanceQuery().processInstanceBusinessKey(projectKey).active()
        .list()) {
      String definitionKey = pi.getProcessDefinitionId().split(":")[0];
      if (PROJECT_PROCESSES.contains(definitionKey)) {
        runtime.setVariables(pi.getId(), variables);
      }
    }
    int reacted = 0;
    if (datasetChanged) {
      reacted += runtime.createMessageCorrelation("datasetChanged").processInstanceBusinessKey(projectKey)
          .correlateAllWithResult().size();
    }
    reacted += runtime.createMessageCorrelation("charterChanged").processInstanceBusinessKey(projectKey)
        .setVariable(Variables.CHARTER_DATASET_CHANGED, datasetChanged).correlateAllWithResult().size();
    if (datasetChanged && reacted == 0) {
      // Between two steps (a job not yet run): no step could take the new dataset up. The change is
      // applied again shortly (the step's retries), when the project waits where it can.
      throw new IllegalStateException("Project '" + projectKey + "' is between two steps and cannot take the new"
          + " dataset at this moment; the change is applied on the next attempt.");
    }
  }
}
