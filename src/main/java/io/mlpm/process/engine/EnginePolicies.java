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
import org.camunda.bpm.model.dmn.impl.DmnModelConstants;
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
    DmnModelInstance model;
    try {
      model = Dmn.readModelFromStream(new ByteArrayInputStream(dmnXml.getBytes(StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("The table is not valid DMN: " + e.getMessage());
    }
    // Read from the parsed document, not the text: quotes, entities and spacing cannot hide a language.
    onlyFeel(model.getDocument().getRootElement());
    try {
      PARSER.parseDecisions(model);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("The table is not valid DMN: " + e.getMessage());
    }
    Decision decision = model.getModelElementById(decisionKey);
    if (decision == null) {
      throw new IllegalArgumentException("The table defines no decision with id '" + decisionKey + "'.");
    }
    // Another decision in the same file would be deployed with it, unreviewed, and be in force at once.
    java.util.Collection<Decision> decisions = model.getModelElementsByType(Decision.class);
    if (decisions.size() != 1) {
      throw new IllegalArgumentException("A policy change holds exactly one decision, '" + decisionKey + "'; this"
          + " table defines " + decisions.stream().map(Decision::getId).toList() + ".");
    }
    if (decision.getCamundaHistoryTimeToLiveString() == null) {
      throw new IllegalArgumentException("The decision '" + decisionKey + "' needs camunda:historyTimeToLive.");
    }
  }

  /** The names the DMN engine takes for FEEL (its ExpressionEvaluationHandler.isFeelExpressionLanguage). */
  private static final java.util.Set<String> FEEL = java.util.Set.of(DmnModelConstants.FEEL_NS,
      DmnModelConstants.FEEL12_NS, DmnModelConstants.FEEL13_NS, DmnModelConstants.FEEL14_NS,
      DmnModelConstants.FEEL15_NS);

  /**
   * Every element's expression language, where one is named, is FEEL exactly as the engine
   * recognises it; the engine reads the attribute by the same name, so what passes here is what it
   * evaluates.
   */
  private static void onlyFeel(org.camunda.bpm.model.xml.instance.DomElement element) {
    String language = element.getAttribute("expressionLanguage");
    if (language != null && !FEEL.contains(language) && !language.toLowerCase(java.util.Locale.ROOT).equals("feel")) {
      throw new IllegalArgumentException("The table uses the expression language '" + language.strip()
          + "'; only FEEL is allowed in a policy.");
    }
    element.getChildElements().forEach(EnginePolicies::onlyFeel);
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
