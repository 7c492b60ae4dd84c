package io.mlpm.process;

import io.mlpm.governance.AuditTrail;
import io.mlpm.governance.DecisionRules;
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

  public DecisionListener(AuditTrail audit, DecisionRules rules) {
    this.audit = audit;
    this.rules = rules;
  }

  @Override
  public void notify(DelegateTask task) {
    String key = task.getTaskDefinitionKey();
    rules.problem(key, task.getVariables(), task.getVariable(Variables.DATASET_VERSION_ID) != null)
        .ifPresent(problem -> {
          throw new ProcessEngineException(problem);
        });
    String user = user(task);
    String comment = DecisionRules.text(task.getVariable("comment"));
    String detail;
    switch (key) {
      case "approveCharter", "approveDataset", "approveDeployment" -> {
        String subject = key.substring("approve".length(), "approve".length() + 1).toLowerCase()
            + key.substring("approve".length() + 1);
        boolean approved = DecisionRules.approved(task.getVariable("approved"));
        task.setVariable(subject + "Approved", approved);
        task.setVariable(subject + "ApprovedBy", user);
        task.setVariable(subject + "Comment", comment);
        task.removeVariable("approved");
        detail = approved ? "approved" : "rejected";
      }
      case "resolveDataIssues" -> {
        String resolution = DecisionRules.text(task.getVariable("resolution"));
        task.setVariable("dataResolution", resolution);
        task.setVariable("dataResolutionComment", comment);
        task.removeVariable("resolution");
        detail = resolution + ("newDataset".equals(resolution) ? " " + task.getVariable(Variables.DATASET_URI) : "");
      }
      case "reviewIteration" -> detail = choice(task, "iterationDecision", comment);
      case "sponsorDecision" -> {
        detail = choice(task, "sponsorChoice", comment);
        if ("extend".equals(detail)) {
          int more = DecisionRules.extraIterations(task.getVariable("extraIterations")).orElse(1);
          Object max = task.getVariable(Variables.MAX_ITERATIONS);
          task.setVariable(Variables.MAX_ITERATIONS, (max instanceof Number n ? n.intValue() : 0) + more);
          detail += " by " + more + " iteration(s)";
        }
      }
      default -> throw new IllegalStateException("no decision rules for task " + key);
    }
    task.removeVariable("comment");
    audit.record(task.getExecution().getProcessBusinessKey(), user, key,
        detail + (comment.isBlank() ? "" : ": " + comment));
  }

  private static String choice(DelegateTask task, String target, String comment) {
    String decision = DecisionRules.text(task.getVariable("decision"));
    task.setVariable(target, decision);
    task.setVariable(target + "Comment", comment);
    task.removeVariable("decision");
    return decision;
  }

  private static String user(DelegateTask task) {
    Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return auth != null ? auth.getUserId() : task.getAssignee();
  }
}
