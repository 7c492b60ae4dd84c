package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.springframework.stereotype.Component;

/**
 * Evaluates a DMN policy outside a business rule task at its newest version, and notes that
 * version in the process ({@link Variables#USED_POLICY_VERSIONS}, written by the engine alone), so
 * the sign-off that follows records which version of the policy led to it.
 */
@Component
public class PolicyEvaluation {

  private final DecisionService decisions;
  private final RepositoryService repository;

  PolicyEvaluation(DecisionService decisions, RepositoryService repository) {
    this.decisions = decisions;
    this.repository = repository;
  }

  public DmnDecisionResult evaluate(String key, Map<String, Object> inputs, VariableScope process) {
    DecisionDefinition latest = repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).latestVersion()
        .singleResult();
    DmnDecisionResult result = decisions.evaluateDecisionById(latest.getId()).variables(inputs).evaluate();
    Map<String, String> used = parse(process.getVariable(Variables.USED_POLICY_VERSIONS));
    used.put(key, "v" + latest.getVersion());
    process.setVariable(Variables.USED_POLICY_VERSIONS, format(used));
    return result;
  }

  static Map<String, String> parse(Object value) {
    Map<String, String> versions = new TreeMap<>();
    if (value instanceof String s && !s.isBlank()) {
      for (String entry : s.split(",")) {
        int colon = entry.lastIndexOf(':');
        versions.put(entry.substring(0, colon), entry.substring(colon + 1));
      }
    }
    return versions;
  }

  static String format(Map<String, String> versions) {
    StringBuilder out = new StringBuilder();
    versions.forEach((k, v) -> out.append(out.isEmpty() ? "" : ",").append(k).append(':').append(v));
    return out.toString();
  }
}
