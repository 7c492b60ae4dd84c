package io.mlpm.process;

import io.mlpm.governance.AuditContext;
import io.mlpm.governance.AuditTrail;
import io.mlpm.governance.DecisionRules;
import io.mlpm.governance.SignOff;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.Stage;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Task listener on {@code complete} of every sign-off: checks the decision (behind
 * {@link TaskCompletionGuard}, which answers HTTP 400 before the engine), stores it under a name
 * of its own so the next form does not show the previous answer, and writes the audit trail.
 */
@Component("decisionListener")
public class DecisionListener implements TaskListener {

  private final AuditTrail audit;
  private final DecisionRules rules;
  private final SignOffCheck signOffs;
  private final ModelRegistry registry;
  private final AcceptanceRecorder acceptances;
  private final SignOffRecorder records;

  public DecisionListener(AuditTrail audit, DecisionRules rules, SignOffCheck signOffs, ModelRegistry registry,
      java.util.Optional<AcceptanceRecorder> acceptances, SignOffRecorder records) {
    this.records = records;
    this.audit = audit;
    this.rules = rules;
    this.signOffs = signOffs;
    this.registry = registry;
    this.acceptances = acceptances == null ? null : acceptances.orElse(null);
  }

  /** Where each sign-off writes its decision (see {@link Variables.Outcome}). */
  private static final java.util.Map<String, Variables.Outcome> SIGN_OFFS = java.util.Map.of(
      "approveCharter", Variables.CHARTER, "approveDataset", Variables.DATASET,
      "approveDeployment", Variables.DEPLOYMENT, "approveDeploymentCompliance", Variables.COMPLIANCE,
      "approvePolicyChange", Variables.POLICY, "approveChangeRequest", Variables.CHANGE_REQUEST,
      "approveChangeRequestCompliance", Variables.CHANGE_REQUEST_COMPLIANCE);

  @Override
  public void notify(DelegateTask task) {
    String key = task.getTaskDefinitionKey();
    rules.problem(key, task.getVariables(), Variables.facts(task.getVariables()))
        .ifPresent(problem -> {
          throw new ProcessEngineException(problem);
        });
    String user = user(task);
    if (signOffs != null) {
      signOffs.refusal(key, user, task.getExecution().getProcessBusinessKey()).ifPresent(refusal -> {
            throw new ProcessEngineException(refusal);
          });
    }
    String comment = DecisionRules.text(task.getVariable("comment"));
    String decision = key.startsWith("approve")
        ? (DecisionRules.approved(task.getVariable("approved")) ? SignOff.APPROVED : SignOff.REJECTED)
        : DecisionRules.text(task.getVariable(key.equals("resolveDataIssues") ? "resolution" : "decision"));
    AuditContext context = AuditContext.NONE;
    if (records != null) {
      SignOff signOff = records.record(task, user, decision, comment);
      context = new AuditContext(signOff.datasetSha256(), signOff.modelId(),
          signOff.processDefinitionKey() + ":v" + signOff.processDefinitionVersion(), signOff.policyVersions());
    }
    String detail;
    switch (key) {
      case "approveCharter", "approveDataset", "approveDeployment", "approveDeploymentCompliance",
          "approvePolicyChange", "approveChangeRequest", "approveChangeRequestCompliance" -> {
        Variables.Outcome outcome = SIGN_OFFS.get(key);
        boolean approved = DecisionRules.approved(task.getVariable("approved"));
        task.setVariable(outcome.value(), approved);
        task.setVariable(outcome.by(), user);
        task.setVariable(outcome.comment(), comment);
        task.removeVariable("approved");
        detail = approved ? "approved" : "rejected";
        Object candidate = task.getVariable(Variables.CANDIDATE_MODEL_ID);
        if (!approved && registry != null && candidate instanceof Number id
            && (key.equals("approveDeployment") || key.equals("approveDeploymentCompliance"))) {
          // A rejected model leaves staging; the reason goes with it into the registry's history.
          registry.moveTo(id.longValue(), Stage.CANDIDATE, user, "deployment rejected: " + comment);
        }
      }
      case "resolveDataIssues" -> {
        String resolution = DecisionRules.text(task.getVariable("resolution"));
        task.setVariable(Variables.DATA_RESOLUTION.value(), resolution);
        task.setVariable(Variables.DATA_RESOLUTION.by(), user);
        task.setVariable(Variables.DATA_RESOLUTION.comment(), comment);
        if ("waive".equals(resolution)) {
          task.setVariable(Variables.DATA_WAIVER, "findings waived by " + user + ": " + comment);
        }
        task.removeVariable("resolution");
        detail = resolution + ("newDataset".equals(resolution) ? " " + task.getVariable(Variables.DATASET_URI) : "");
        if ("exclude".equals(resolution)) {
          // Added to those left out before: the dataset is checked again without all of them.
          java.util.Set<String> out = new java.util.LinkedHashSet<>(io.mlpm.data.DataChecks.columnList(
              Variables.text(task, Variables.STEWARD_EXCLUDED_COLUMNS)));
          out.addAll(DecisionRules.columnsToExclude(task.getVariable("excludeColumns")));
          task.setVariable(Variables.STEWARD_EXCLUDED_COLUMNS, FindingsView.abbreviate(String.join(",", out)));
          detail += " " + String.join(", ", out);
        }
        if ("newDataset".equals(resolution)) {
          task.setVariable(Variables.STEWARD_EXCLUDED_COLUMNS, "");
        }
        task.removeVariable("excludeColumns");
      }
      case "reviewIteration" -> detail = choice(task, Variables.ITERATION_DECISION, comment);
      case "reviewDegradation" -> {
        detail = choice(task, Variables.DEGRADATION_DECISION, comment);
        String retrainOn = DecisionRules.text(task.getVariable("retrainDatasetUri"));
        boolean newData = detail.equals("retrain") && !retrainOn.isBlank();
        if (newData) {
          task.setVariable(Variables.DATASET_URI, retrainOn);
          detail += " on " + retrainOn;
        }
        task.setVariable(Variables.RETRAIN_ON_NEW_DATASET, newData);
        task.removeVariable("retrainDatasetUri");
        if (detail.equals("accept") && acceptances != null) {
          acceptances.accept(task, comment);
        }
      }
      case "sponsorDecision" -> {
        detail = choice(task, Variables.SPONSOR_CHOICE, comment);
        if ("extend".equals(detail)) {
          int more = DecisionRules.extraIterations(task.getVariable("extraIterations")).orElse(1);
          Object max = task.getVariable(Variables.MAX_ITERATIONS);
          task.setVariable(Variables.MAX_ITERATIONS, (max instanceof Number n ? n.intValue() : 0) + more);
          detail += " by " + more + " iteration(s)";
        }
      }
      case "decideEscalation" -> {
        detail = choice(task, Variables.ESCALATION_DECISION, comment);
        detail += "extend".equals(detail) ? " by " + DecisionRules.extendDays(task.getVariable(Variables.EXTEND_DAYS))
            .orElseThrow() + " day(s)" : " to " + DecisionRules.text(task.getVariable(Variables.REASSIGN_TO)).strip();
        detail += " ('" + Variables.text(task, Variables.ESCALATED_TASK_NAME) + "')";
      }
      default -> throw new IllegalStateException("no decision rules for task " + key);
    }
    task.removeVariable("comment");
    audit.record(task.getExecution().getProcessBusinessKey(), user, key,
        detail + (comment.isBlank() ? "" : ": " + comment), context);
  }

  private static String choice(DelegateTask task, Variables.Outcome target, String comment) {
    String decision = DecisionRules.text(task.getVariable("decision"));
    task.setVariable(target.value(), decision);
    task.setVariable(target.by(), user(task));
    task.setVariable(target.comment(), comment);
    task.removeVariable("decision");
    return decision;
  }

  static String user(DelegateTask task) {
    Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return auth != null ? auth.getUserId() : task.getAssignee();
  }
}
