package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import io.mlpm.governance.PolicyChange;
import io.mlpm.governance.PolicyEngine;
import io.mlpm.security.Unrestricted;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.springframework.stereotype.Component;

/**
 * DMN policies on the engine: the versions in force, checking a proposed table, starting its
 * review and deploying it once approved. Expressions must be FEEL: JUEL in a table could call any
 * bean of the application.
 */
@Component
class EnginePolicies implements PolicyEngine {

  static final String REVIEW_PROCESS = "policy-change";
  static final String SOURCE = "mlpm-policy-change";
  private static final Pattern LANGUAGE = Pattern.compile("expressionLanguage\\s*=\\s*\"([^\"]*)\"");
  private static final DmnEngine PARSER = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final IdentityService identity;

  EnginePolicies(RepositoryService repository, RuntimeService runtime, IdentityService identity) {
    this.repository = repository;
    this.runtime = runtime;
    this.identity = identity;
  }

  @Override
  public List<PolicyVersion> versions() {
    return Unrestricted.call(identity, () -> repository.createDecisionDefinitionQuery().list().stream()
        .sorted(Comparator.comparing(DecisionDefinition::getKey).thenComparing(DecisionDefinition::getVersion))
        .map(d -> {
          Deployment deployment = repository.createDeploymentQuery().deploymentId(d.getDeploymentId()).singleResult();
          return new PolicyVersion(d.getKey(), d.getName(), d.getVersion(),
              deployment.getDeploymentTime().toInstant(), deployment.getName());
        }).toList());
  }

  @Override
  public void validate(String decisionKey, String dmnXml) {
    Matcher language = LANGUAGE.matcher(dmnXml);
    while (language.find()) {
      if (!language.group(1).equalsIgnoreCase("feel")) {
        throw new IllegalArgumentException("The table uses the expression language '" + language.group(1)
            + "'; only FEEL is allowed in a policy.");
      }
    }
    DmnModelInstance model;
    try {
      model = Dmn.readModelFromStream(new ByteArrayInputStream(dmnXml.getBytes(StandardCharsets.UTF_8)));
      PARSER.parseDecisions(model);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("The table is not valid DMN: " + e.getMessage());
    }
    Decision decision = model.getModelElementById(decisionKey);
    if (decision == null) {
      throw new IllegalArgumentException("The table defines no decision with id '" + decisionKey + "'.");
    }
    if (decision.getCamundaHistoryTimeToLiveString() == null) {
      throw new IllegalArgumentException("The decision '" + decisionKey + "' needs camunda:historyTimeToLive.");
    }
  }

  @Override
  public void startReview(PolicyChange change) {
    Unrestricted.call(identity, () -> runtime.startProcessInstanceByKey(REVIEW_PROCESS, change.reviewKey(), Map.of(
        Variables.POLICY_CHANGE_ID, change.id(), Variables.DECISION_KEY, change.decisionKey(),
        Variables.POLICY_REASON, change.reason(), Variables.PROPOSED_BY, change.proposedBy())));
  }

  @Override
  public int deploy(PolicyChange change) {
    DeploymentWithDefinitions deployment = Unrestricted.call(identity, () -> repository.createDeployment()
        .name(change.reviewKey()).source(SOURCE)
        .addString(change.decisionKey() + ".dmn", change.dmnXml()).deployWithResult());
    return deployment.getDeployedDecisionDefinitions().stream().filter(d -> d.getKey().equals(change.decisionKey()))
        .findFirst().orElseThrow().getVersion();
  }
}
