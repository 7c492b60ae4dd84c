import org.camunda.bpm.model.bpmn.*;
import org.camunda.bpm.model.bpmn.builder.*;
import org.camunda.bpm.model.bpmn.instance.*;
import org.camunda.bpm.model.bpmn.instance.camunda.*;
import java.io.File;

/**
 * Writes the three BPMN diagrams of bpmn/ (with layout) from Camunda's fluent model API. The
 * diagrams in bpmn/ are the source of truth and may be edited in the Camunda Modeler; this program
 * is how they were first laid out, kept so a structural change can be regenerated consistently.
 *
 * <p>Run from the project root: see tools/diagrams/README.md.
 */
public class DiagramGenerator {
  static final String DIR = "bpmn/";

  static void callAll(BpmnModelInstance m, String id) {
    CallActivity ca = m.getModelElementById(id);
    ExtensionElements ext = ca.getExtensionElements();
    if (ext == null) { ext = m.newInstance(ExtensionElements.class); ca.setExtensionElements(ext); }
    CamundaIn bk = m.newInstance(CamundaIn.class); bk.setCamundaBusinessKey("#{execution.processBusinessKey}"); ext.addChildElement(bk);
    CamundaIn in = m.newInstance(CamundaIn.class); in.setCamundaVariables("all"); ext.addChildElement(in);
    CamundaOut out = m.newInstance(CamundaOut.class); out.setCamundaVariables("all"); ext.addChildElement(out);
  }

  static void doc(BpmnModelInstance m, String id, String text) {
    BaseElement e = m.getModelElementById(id);
    Documentation d = m.newInstance(Documentation.class); d.setTextContent(text); e.getDocumentations().add(d);
  }

  public static void main(String[] a) throws Exception {
    lifecycle(); data(); model();
  }

  static void lifecycle() {
    BpmnModelInstance m = Bpmn.createExecutableProcess("ml-project-lifecycle")
      .name("ML project lifecycle").camundaHistoryTimeToLive(180).camundaStartableInTasklist(true)
      .startEvent("projectStarted").name("Charter submitted").camundaFormRef("startProject").camundaFormRefBinding("deployment")
      .serviceTask("validateCharter").name("Validate charter").camundaDelegateExpression("${validateCharterDelegate}")
      .userTask("approveCharter").name("Approve charter").camundaCandidateUsers("${sponsor}")
        .camundaFormRef("approveCharter").camundaFormRefBinding("deployment")
        .camundaTaskListenerDelegateExpression("complete", "${decisionListener}")
        .camundaExecutionListenerExpression("start", "${projectPhase.enter(execution, 'charter-approval')}")
      .exclusiveGateway("charterApprovedGateway").name("Charter approved?")
        .condition("no", "${!charterApproved}")
        .endEvent("charterRejected").name("Charter rejected").camundaExecutionListenerExpression("start", "${projectPhase.close(execution, 'rejected')}")
      .moveToNode("charterApprovedGateway")
        .condition("yes", "${charterApproved}")
      .callActivity("prepareData").name("Prepare data").calledElement("data-preparation").camundaAsyncBefore()
        .camundaExecutionListenerExpression("start", "${projectPhase.enter(execution, 'data-preparation')}")
      .exclusiveGateway("dataReadyGateway").name("Data ready?")
        .condition("aborted", "${dataOutcome != 'ready'}")
        .endEvent("dataAborted").name("Aborted in data preparation").camundaExecutionListenerExpression("start", "${projectPhase.close(execution, 'aborted')}")
      .moveToNode("dataReadyGateway")
        .condition("ready", "${dataOutcome == 'ready'}")
      .callActivity("developModel").name("Develop model").calledElement("model-development").camundaAsyncBefore()
        .camundaExecutionListenerExpression("start", "${projectPhase.enter(execution, 'model-development')}")
      .exclusiveGateway("modelReadyGateway").name("Criteria met?")
        .condition("aborted or stopped", "${developmentOutcome != 'met'}")
        .endEvent("developmentEnded").name("Stopped in model development").camundaExecutionListenerExpression("start", "${projectPhase.close(execution, developmentOutcome)}")
      .moveToNode("modelReadyGateway")
        .condition("met", "${developmentOutcome == 'met'}")
      .userTask("approveDeployment").name("Approve deployment").camundaCandidateGroups("sponsors")
        .camundaFormRef("approveDeployment").camundaFormRefBinding("deployment")
        .camundaTaskListenerDelegateExpression("complete", "${decisionListener}")
        .camundaExecutionListenerExpression("start", "${projectPhase.enter(execution, 'deployment-approval')}")
      .exclusiveGateway("deploymentApprovedGateway").name("Deployment approved?")
        .condition("no", "${!deploymentApproved}")
        .connectTo("developModel")
      .moveToNode("deploymentApprovedGateway")
        .condition("yes", "${deploymentApproved}")
      .businessRuleTask("assessDeploymentRisk").name("Assess deployment risk")
        .camundaDecisionRef("deployment-approval").camundaDecisionRefBinding("deployment")
        .camundaResultVariable("complianceRequired").camundaMapDecisionResult("singleEntry")
      .exclusiveGateway("complianceGateway").name("Compliance co-sign needed?")
        .condition("yes", "${complianceRequired}")
        .userTask("approveDeploymentCompliance").name("Co-sign deployment (compliance)").camundaCandidateGroups("compliance")
          .camundaFormRef("approveDeploymentCompliance").camundaFormRefBinding("deployment")
          .camundaTaskListenerDelegateExpression("complete", "${decisionListener}")
        .exclusiveGateway("complianceApprovedGateway").name("Co-signed?")
          .condition("no", "${!complianceApproved}")
          .connectTo("developModel")
        .moveToNode("complianceApprovedGateway")
          .condition("yes", "${complianceApproved}")
      .serviceTask("deployModel").name("Deploy model").camundaDelegateExpression("${deployModelDelegate}").camundaAsyncBefore()
      .eventBasedGateway().id("inProduction").name("In production")
        .camundaExecutionListenerExpression("start", "${projectPhase.enter(execution, 'production')}")
      .intermediateCatchEvent("healthCheckDue").name("Health check due").timerWithDuration("${monitoringInterval}")
      .serviceTask("checkModelHealth").name("Check model health").camundaDelegateExpression("${checkModelHealthDelegate}").camundaAsyncBefore()
      .exclusiveGateway("healthGateway").name("Degraded?")
        .condition("no", "${modelHealth != 'DEGRADED'}")
        .connectTo("inProduction")
      .moveToNode("healthGateway")
        .condition("yes", "${modelHealth == 'DEGRADED'}")
      .userTask("reviewDegradation").name("Review degradation").camundaCandidateGroups("ml-engineers")
        .camundaFormRef("reviewDegradation").camundaFormRefBinding("deployment")
        .camundaTaskListenerDelegateExpression("complete", "${decisionListener}")
      .exclusiveGateway("degradationDecisionGateway").name("Decision?")
        .condition("retrain", "${degradationDecision == 'retrain' && !retrainOnNewDataset}")
        .connectTo("developModel")
      .moveToNode("degradationDecisionGateway")
        .condition("retrain on new data", "${degradationDecision == 'retrain' && retrainOnNewDataset}")
        .connectTo("prepareData")
      .moveToNode("degradationDecisionGateway")
        .condition("rollback", "${degradationDecision == 'rollback'}")
        .serviceTask("rollbackModel").name("Roll back model").camundaDelegateExpression("${rollbackModelDelegate}").camundaAsyncBefore()
        .connectTo("inProduction")
      .moveToNode("degradationDecisionGateway")
        .condition("accept", "${degradationDecision == 'accept'}")
        .connectTo("inProduction")
      .moveToNode("inProduction")
      .intermediateCatchEvent("projectRetired").name("Project retired").message("retire-project")
      .endEvent("retired").name("Retired").camundaExecutionListenerExpression("start", "${projectPhase.close(execution, 'retired')}")
      .moveToActivity("reviewDegradation")
      .boundaryEvent("retiredDuringReview").name("Project retired").message("retire-project")
      .endEvent("retiredAfterReview").name("Retired").camundaExecutionListenerExpression("start", "${projectPhase.close(execution, 'retired')}")
      .moveToNode("complianceGateway")
        .condition("no", "${!complianceRequired}")
        .connectTo("deployModel")
      .done();
    callAll(m, "prepareData"); callAll(m, "developModel");
    doc(m, "validateCharter", "Checks the charter before anything is created; a bad charter never starts a project.");
    doc(m, "deployModel", "Promotes the approved model version to production (the previous one is archived) and records its drift baseline.");
    doc(m, "checkModelHealth", "Drift of each feature (PSI) of recent predictions against the training data, and live metrics from feedback, judged by the DMN table monitoring-policy.");
    doc(m, "assessDeploymentRisk", "DMN table deployment-approval: high-risk projects and projects with a sensitive attribute need a compliance co-sign.");
    write(m, "ml-project-lifecycle.bpmn");
  }

  static void data() {
    // The forward path first (the builder lays the first branch of a gateway on the main row).
    BpmnModelInstance m = Bpmn.createExecutableProcess("data-preparation")
      .name("Data preparation").camundaHistoryTimeToLive(180)
      .startEvent("dataPreparationStarted").name("Data needed")
      .serviceTask("ingestDataset").name("Ingest dataset").camundaDelegateExpression("${ingestDatasetDelegate}").camundaAsyncBefore()
      .exclusiveGateway("readableGateway").name("Dataset readable?")
        .condition("yes", "${dataVerdict != 'FAIL'}")
      .serviceTask("profileDataset").name("Profile and check dataset").camundaDelegateExpression("${profileDatasetDelegate}").camundaAsyncBefore()
      .exclusiveGateway("qualityGateway").name("Data quality?")
        .condition("PASS or WARN", "${dataVerdict != 'FAIL'}")
      .serviceTask("prepareDataset").name("Prepare and split dataset").camundaDelegateExpression("${prepareDatasetDelegate}").camundaAsyncBefore()
      .exclusiveGateway("preparedGateway").name("Prepared?")
        .condition("yes", "${!preparationFailed}")
      .userTask("approveDataset").name("Approve dataset").camundaCandidateGroups("data-stewards")
        .camundaFormRef("approveDataset").camundaFormRefBinding("deployment")
        .camundaTaskListenerDelegateExpression("complete", "${decisionListener}")
      .exclusiveGateway("datasetApprovedGateway").name("Dataset approved?")
        .condition("yes", "${datasetApproved}")
        .endEvent("dataReady").name("Data ready")
          .camundaExecutionListenerExpression("start", "${execution.setVariable('dataOutcome', 'ready')}")
      .moveToNode("readableGateway")
        .condition("no", "${dataVerdict == 'FAIL'}")
        .userTask("resolveDataIssues").name("Resolve data issues").camundaCandidateGroups("data-stewards")
          .camundaFormRef("resolveDataIssues").camundaFormRefBinding("deployment")
          .camundaTaskListenerDelegateExpression("complete", "${decisionListener}")
        .exclusiveGateway("resolutionGateway").name("Resolution?")
          .condition("waive", "${dataResolution == 'waive'}")
          .connectTo("prepareDataset")
        .moveToNode("resolutionGateway")
          .condition("abort", "${dataResolution == 'abort'}")
          .endEvent("dataPreparationAborted").name("Data preparation aborted")
            .camundaExecutionListenerExpression("start", "${execution.setVariable('dataOutcome', 'aborted')}")
        .moveToNode("resolutionGateway")
          .condition("new dataset", "${dataResolution == 'newDataset'}")
          .connectTo("ingestDataset")
      .moveToNode("qualityGateway")
        .condition("FAIL", "${dataVerdict == 'FAIL'}")
        .connectTo("resolveDataIssues")
      .moveToNode("preparedGateway")
        .condition("file gone or changed", "${preparationFailed}")
        .connectTo("resolveDataIssues")
      .moveToNode("datasetApprovedGateway")
        .condition("no", "${!datasetApproved}")
        .connectTo("resolveDataIssues")
      .done();
    write(m, "data-preparation.bpmn");
  }

  static void model() {
    BpmnModelInstance m = Bpmn.createExecutableProcess("model-development")
      .name("Model development").camundaHistoryTimeToLive(180)
      .startEvent("modelDevelopmentStarted").name("Prepared data approved")
        .camundaExecutionListenerExpression("start", "${execution.setVariable('developmentIteration', 0)}")
      .serviceTask("planIteration").name("Plan iteration").camundaDelegateExpression("${planIterationDelegate}").camundaAsyncBefore()
      .serviceTask("trainCandidates").name("Train and tune candidate").camundaDelegateExpression("${trainCandidatesDelegate}")
        .multiInstance().parallel().camundaCollection("${developmentPlan.algorithms(execution)}")
          .camundaElementVariable("algorithm").camundaAsyncBefore().multiInstanceDone()
      .serviceTask("selectModel").name("Select model on validation data").camundaDelegateExpression("${selectModelDelegate}").camundaAsyncBefore()
      .serviceTask("evaluateModel").name("Evaluate once on test split").camundaDelegateExpression("${evaluateModelDelegate}").camundaAsyncBefore()
      .exclusiveGateway("criteriaGateway").name("Criteria met, not worse than production?")
        .condition("yes", "${criteriaMet}")
        .endEvent("criteriaMetEnd").name("Criteria met")
          .camundaExecutionListenerExpression("start", "${execution.setVariable('developmentOutcome', 'met')}")
      .moveToNode("criteriaGateway")
        .condition("no", "${!criteriaMet}")
      .exclusiveGateway("iterationsLeftGateway").name("Iterations left?")
        .condition("yes", "${developmentIteration < maxIterations}")
        .userTask("reviewIteration").name("Review iteration").camundaCandidateGroups("data-scientists")
          .camundaFormRef("reviewIteration").camundaFormRefBinding("deployment")
          .camundaTaskListenerDelegateExpression("complete", "${decisionListener}")
        .exclusiveGateway("iterationDecisionGateway").name("Decision?")
          .condition("retry", "${iterationDecision == 'retry'}")
          .connectTo("planIteration")
        .moveToNode("iterationDecisionGateway")
          .condition("abort", "${iterationDecision == 'abort'}")
          .endEvent("developmentAborted").name("Development aborted")
            .camundaExecutionListenerExpression("start", "${execution.setVariable('developmentOutcome', 'aborted')}")
      .moveToNode("iterationsLeftGateway")
        .condition("no", "${developmentIteration >= maxIterations}")
        .userTask("sponsorDecision").name("Sponsor decision").camundaCandidateGroups("sponsors")
          .camundaFormRef("sponsorDecision").camundaFormRefBinding("deployment")
          .camundaTaskListenerDelegateExpression("complete", "${decisionListener}")
        .exclusiveGateway("sponsorDecisionGateway").name("Extend?")
          .condition("extend", "${sponsorChoice == 'extend'}")
          .connectTo("planIteration")
        .moveToNode("sponsorDecisionGateway")
          .condition("stop", "${sponsorChoice == 'stop'}")
          .endEvent("developmentStopped").name("Development stopped")
            .camundaExecutionListenerExpression("start", "${execution.setVariable('developmentOutcome', 'stopped')}")
      .done();
    doc(m, "trainCandidates", "One asynchronous job per candidate algorithm (multi-instance), so a crash re-runs only that candidate.");
    doc(m, "evaluateModel", "The only step that touches the test split, once, for the selected candidate and the production model.");
    write(m, "model-development.bpmn");
  }

  /**
   * Routes every edge that goes back (to the left) below the diagram, one lane per loop, so loops
   * read as loops instead of diagonals across the forward path.
   */
  static void routeLoopsBelow(BpmnModelInstance m) {
    java.util.Collection<org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape> shapes =
        m.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape.class);
    double bottom = 0;
    for (var shape : shapes) {
      bottom = Math.max(bottom, shape.getBounds().getY() + shape.getBounds().getHeight());
    }
    int lane = 0;
    for (var edge : m.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge.class)) {
      if (!(edge.getBpmnElement() instanceof SequenceFlow flow)) {
        continue;
      }
      var source = shapeOf(m, flow.getSource().getId());
      var target = shapeOf(m, flow.getTarget().getId());
      if (source == null || target == null || target.getBounds().getX() >= source.getBounds().getX()) {
        continue;
      }
      double y = bottom + 40 + 25 * lane++;
      double sx = source.getBounds().getX() + source.getBounds().getWidth() / 2;
      double sy = source.getBounds().getY() + source.getBounds().getHeight();
      double tx = target.getBounds().getX() + target.getBounds().getWidth() / 2;
      double ty = target.getBounds().getY() + target.getBounds().getHeight();
      route(m, edge, new double[][] {{sx, sy}, {sx, y}, {tx, y}, {tx, ty}});
    }
  }

  /** Replaces an edge's waypoints. */
  static void route(BpmnModelInstance m, org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge edge, double[][] points) {
    edge.getWaypoints().clear();
    for (double[] p : points) {
      org.camunda.bpm.model.bpmn.instance.di.Waypoint w =
          m.newInstance(org.camunda.bpm.model.bpmn.instance.di.Waypoint.class);
      w.setX(p[0]);
      w.setY(p[1]);
      edge.getWaypoints().add(w);
    }
  }

  static org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape shapeOf(BpmnModelInstance m, String id) {
    for (var shape : m.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape.class)) {
      if (shape.getBpmnElement() != null && id.equals(shape.getBpmnElement().getId())) {
        return shape;
      }
    }
    return null;
  }

  /** Moves a shape that the builder put on top of another one down, and re-routes its incoming edges. */
  static void separateOverlaps(BpmnModelInstance m) {
    java.util.List<org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape> placed = new java.util.ArrayList<>();
    for (var shape : m.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape.class)) {
      if (shape.getBpmnElement() instanceof BoundaryEvent) {
        continue; // sits on its activity's border by design
      }
      var b = shape.getBounds();
      boolean moved = false;
      while (placed.stream().anyMatch(o -> overlaps(o.getBounds(), b))) {
        b.setY(b.getY() + b.getHeight() + 60);
        moved = true;
      }
      placed.add(shape);
      if (moved && shape.getBpmnElement() instanceof FlowNode node) {
        for (SequenceFlow in : node.getIncoming()) {
          var edge = in.getDiagramElement();
          var src = shapeOf(m, in.getSource().getId()).getBounds();
          double sx = src.getX() + src.getWidth();
          double sy = src.getY() + src.getHeight() / 2;
          double tx = b.getX();
          double ty = b.getY() + b.getHeight() / 2;
          double mid = (sx + tx) / 2;
          route(m, edge, new double[][] {{sx, sy}, {mid, sy}, {mid, ty}, {tx, ty}});
        }
        var label = shape.getBpmnLabel();
        if (label != null && label.getBounds() != null) {
          label.getBounds().setY(b.getY() + b.getHeight() + 5);
        }
      }
    }
  }

  static boolean overlaps(org.camunda.bpm.model.bpmn.instance.dc.Bounds a,
      org.camunda.bpm.model.bpmn.instance.dc.Bounds b) {
    return a.getX() < b.getX() + b.getWidth() && b.getX() < a.getX() + a.getWidth()
        && a.getY() < b.getY() + b.getHeight() && b.getY() < a.getY() + a.getHeight();
  }

  static void write(BpmnModelInstance m, String name) {
    separateOverlaps(m);
    routeLoopsBelow(m);
    Bpmn.validateModel(m);
    Bpmn.writeModelToFile(new File(DIR + name), m);
  }
}
