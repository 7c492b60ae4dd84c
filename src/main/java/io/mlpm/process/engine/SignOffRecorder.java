package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import io.mlpm.governance.SignOff;
import io.mlpm.governance.SignOffRecords;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.security.Groups;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.springframework.stereotype.Component;

/**
 * Writes the sign-off record of a completed task, in the engine's transaction: the user and the
 * groups they are in now, the decision, the process and policy versions, and the evidence the form
 * showed (dataset version and SHA-256, the model under review and its metrics), all read from what
 * the engine and the project's tables hold, never from what the completion sent.
 */
@Component
class SignOffRecorder {

  private final SignOffRecords records;
  private final ModelRegistry registry;

  SignOffRecorder(SignOffRecords records, ModelRegistry registry) {
    this.records = records;
    this.registry = registry;
  }

  /** Appends the sign-off record and returns it: the audit record names the same data, model and versions. */
  SignOff record(DelegateTask task, String user, String decision, String comment) {
    ProcessEngineServices engine = task.getProcessEngineServices();
    var definition = engine.getRepositoryService().getProcessDefinition(task.getProcessDefinitionId());
    Long datasetVersion = number(task.getVariable(Variables.DATASET_VERSION_ID));
    Long model = number(task.getVariable(Variables.CANDIDATE_MODEL_ID));
    Object sha = task.getVariable(Variables.DATASET_SHA256);
    SignOff signOff = new SignOff(0, task.getExecution().getProcessBusinessKey(), task.getId(),
        task.getTaskDefinitionKey(), user, Groups.of(engine.getIdentityService(), user), decision, comment,
        Instant.now(), definition.getKey(), definition.getVersion(), policyVersions(engine, task),
        datasetVersion, sha == null ? null : sha.toString(), model, model == null ? null : registry.get(model).metricsJson());
    records.append(signOff);
    return signOff;
  }

  /**
   * The version of each DMN policy that led to the task, as key:vN: those its delegates evaluated
   * (noted by {@link PolicyEvaluation}) and, newest first, those of its business rule tasks.
   */
  private static String policyVersions(ProcessEngineServices engine, DelegateTask task) {
    Map<String, String> versions = PolicyEvaluation.parse(task.getVariable(Variables.USED_POLICY_VERSIONS));
    for (HistoricDecisionInstance d : engine.getHistoryService().createHistoricDecisionInstanceQuery()
        .processInstanceId(task.getProcessInstanceId()).orderByEvaluationTime().desc().list()) {
      versions.putIfAbsent(d.getDecisionDefinitionKey(), "v"
          + engine.getRepositoryService().getDecisionDefinition(d.getDecisionDefinitionId()).getVersion());
    }
    return PolicyEvaluation.format(versions);
  }

  private static Long number(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }
}
