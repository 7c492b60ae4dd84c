package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import io.mlpm.deployment.Deployments;
import io.mlpm.governance.AuditContext;
import io.mlpm.governance.AuditTrail;
import io.mlpm.governance.DecisionFields;
import io.mlpm.governance.DecisionRules;
import io.mlpm.governance.Decisions;
import io.mlpm.governance.SignOff;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Task listener on {@code complete} of every decision task: checks the decision (behind
 * {@link io.mlpm.process.rest.TaskCompletionGuard}, which answers HTTP 400 before the engine), records it (sign-off
 * record and audit trail), and hands it on to the process under names of its own, so that the next
 * form does not show the previous answer. What a decision means is {@link Decisions}'.
 */
@Component("decisionListener")
public class DecisionListener implements TaskListener {

  private final AuditTrail audit;
  private final DecisionRules rules;
  private final SignOffCheck signOffs;
  private final Deployments deployments;
  private final AcceptanceRecorder acceptances;
  private final SignOffRecorder records;

  public DecisionListener(AuditTrail audit, DecisionRules rules, SignOffCheck signOffs, Deployments deployments,
      java.util.Optional<AcceptanceRecorder> acceptances, SignOffRecorder records) {
    this.records = records;
    this.audit = audit;
    this.rules = rules;
    this.signOffs = signOffs;
    this.deployments = deployments;
    this.acceptances = acceptances == null ? null : acceptances.orElse(null);
  }

  /** Where each sign-off writes its decision (see {@link Variables.Outcome}). */
  private static final Map<String, Variables.Outcome> SIGN_OFFS = Map.of(
      "approveCharter", Variables.CHARTER, "approveDataset", Variables.DATASET,
      "approveDeployment", Variables.DEPLOYMENT, "approveDeploymentCompliance", Variables.COMPLIANCE,
      "approvePolicyChange", Variables.POLICY, "approveChangeRequest", Variables.CHANGE_REQUEST,
      "approveChangeRequestCompliance", Variables.CHANGE_REQUEST_COMPLIANCE);

  @Override
  public void notify(DelegateTask task) {
    String key = task.getTaskDefinitionKey();
    Map<String, Object> submitted = task.getVariables();
    rules.problem(key, submitted, Variables.facts(submitted)).ifPresent(problem -> {
      throw new ProcessEngineException(problem);
    });
    String user = user(task);
    if (signOffs != null) {
      signOffs.refusal(key, user, task.getExecution().getProcessBusinessKey()).ifPresent(refusal -> {
        throw new ProcessEngineException(refusal);
      });
    }
    Decisions.Decided decided = handOn(task, key, submitted, user);
    AuditContext context = AuditContext.NONE;
    if (records != null) {
      SignOff signOff = records.record(task, user, decided.choice(), decided.comment());
      context = new AuditContext(signOff.datasetSha256(), signOff.modelId(),
          signOff.processDefinitionKey() + ":v" + signOff.processDefinitionVersion(), signOff.policyVersions());
    }
    DecisionFields.DECISION_ONLY.forEach(task::removeVariable);
    audit.record(task.getExecution().getProcessBusinessKey(), user, key,
        decided.detail() + (decided.comment().isBlank() ? "" : ": " + decided.comment()), context);
  }

  /** Writes what the process goes on with; answers the decision. */
  private Decisions.Decided handOn(DelegateTask task, String key, Map<String, Object> submitted, String user) {
    Variables.Outcome signOff = SIGN_OFFS.get(key);
    if (signOff != null) {
      Decisions.Decided decided = Decisions.approval(submitted);
      write(task, signOff, decided.approved(), user, decided.comment());
      Object candidate = task.getVariable(Variables.CANDIDATE_MODEL_ID);
      if (!decided.approved() && deployments != null && candidate instanceof Number id
          && (key.equals("approveDeployment") || key.equals("approveDeploymentCompliance"))) {
        deployments.rejected(id.longValue(), user, decided.comment());
      }
      return decided;
    }
    switch (key) {
      case "resolveDataIssues" -> {
        Decisions.DataResolution resolution = Decisions.dataResolution(submitted,
            Variables.columns(task, Variables.STEWARD_EXCLUDED_COLUMNS), user);
        write(task, Variables.DATA_RESOLUTION, resolution.decided().choice(), user, resolution.decided().comment());
        if (resolution.waiver() != null) {
          task.setVariable(Variables.DATA_WAIVER, resolution.waiver());
        }
        task.setVariable(Variables.STEWARD_EXCLUDED_COLUMNS,
            Variables.abbreviate(String.join(",", resolution.excludedColumns())));
        return resolution.decided();
      }
      case "reviewIteration" -> {
        Decisions.Decided decided = Decisions.choice(submitted);
        write(task, Variables.ITERATION_DECISION, decided.choice(), user, decided.comment());
        return decided;
      }
      case "reviewDegradation" -> {
        Decisions.Degradation degradation = Decisions.degradation(submitted);
        Decisions.Decided decided = degradation.decided();
        write(task, Variables.DEGRADATION_DECISION, decided.choice(), user, decided.comment());
        if (degradation.retrainOn() != null) {
          task.setVariable(Variables.DATASET_URI, degradation.retrainOn());
        }
        task.setVariable(Variables.RETRAIN_ON_NEW_DATASET, degradation.retrainOn() != null);
        if (decided.choice().equals("accept") && acceptances != null) {
          acceptances.accept(task, decided.comment());
        }
        return decided;
      }
      case "sponsorDecision" -> {
        Object max = task.getVariable(Variables.MAX_ITERATIONS);
        Decisions.SponsorDecision sponsor = Decisions.sponsor(submitted, max instanceof Number n ? n.intValue() : 0);
        write(task, Variables.SPONSOR_CHOICE, sponsor.decided().choice(), user, sponsor.decided().comment());
        if (sponsor.maxIterations() != null) {
          task.setVariable(Variables.MAX_ITERATIONS, sponsor.maxIterations());
        }
        return sponsor.decided();
      }
      case "decideEscalation" -> {
        Decisions.Decided decided = Decisions.escalation(submitted,
            Variables.text(task, Variables.ESCALATED_TASK_NAME));
        write(task, Variables.ESCALATION_DECISION, decided.choice(), user, decided.comment());
        return decided;
      }
      default -> throw new IllegalStateException("no decision rules for task " + key);
    }
  }

  private static void write(DelegateTask task, Variables.Outcome outcome, Object value, String user, String comment) {
    task.setVariable(outcome.value(), value);
    task.setVariable(outcome.by(), user);
    task.setVariable(outcome.comment(), comment);
  }

  static String user(DelegateTask task) {
    Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return auth != null ? auth.getUserId() : task.getAssignee();
  }
}
