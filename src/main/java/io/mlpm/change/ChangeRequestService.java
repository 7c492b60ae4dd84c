package io.mlpm.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlpm.charter.Charter;
import io.mlpm.charter.CharterValidator;
import io.mlpm.data.DataPreparationService;
import io.mlpm.evaluation.EvaluationOutcome;
import io.mlpm.evaluation.EvaluationService;
import io.mlpm.governance.AuditTrail;
import io.mlpm.governance.SignOff;
import io.mlpm.governance.SignOffRecords;
import io.mlpm.ml.SuccessCriterion;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectRepository;
import io.mlpm.project.ProjectStatus;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.registry.Stage;
import io.mlpm.web.BadRequestException;
import io.mlpm.web.ConflictException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changing requirements without editing them: a change request proposes new success criteria, risk
 * level or dataset with a reason; once a sponsor other than the proposer approved it (and
 * compliance, when the risk level changes), the charter gets a new version, recorded with both, and the
 * running project reacts. Approvals are read from the sign-off records, never from variables.
 */
@Component
public class ChangeRequestService {

  static final int MAX_REASON = 2000;
  static final int MAX_CRITERIA = 20;
  /** The criteria travel as a process variable, which holds at most 4,000 characters. */
  static final int MAX_CRITERIA_JSON = 3000;
  static final Set<String> FIELDS = Set.of("reason", "successCriteria", "riskLevel", "datasetUri");
  /** Phases in which the charter can change: after its approval, before the project ended. */
  static final Set<String> OPEN_PHASES = Set.of("data-preparation", "model-development", "deployment-approval",
      "production");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ProjectRepository projects;
  private final ChangeRequests requests;
  private final ProjectChanges engine;
  private final SignOffRecords records;
  private final AuditTrail audit;
  private final DataPreparationService data;
  private final ModelRegistry registry;
  private final EvaluationService evaluation;

  public ChangeRequestService(ProjectRepository projects, ChangeRequests requests, ProjectChanges engine,
      SignOffRecords records, AuditTrail audit, DataPreparationService data, ModelRegistry registry,
      EvaluationService evaluation) {
    this.projects = projects;
    this.requests = requests;
    this.engine = engine;
    this.records = records;
    this.audit = audit;
    this.data = data;
    this.registry = registry;
    this.evaluation = evaluation;
  }

  /** Checks the proposal in full, records it and starts its approval; any problem is a 4xx naming it. */
  @Transactional
  public ChangeRequest propose(String key, String user, JsonNode body) {
    // One change at a time per project, also when two arrive at the same moment on two nodes.
    projects.lock(key);
    Project project = projects.require(key);
    if (project.status() != ProjectStatus.ACTIVE || !OPEN_PHASES.contains(project.phase())) {
      throw new ConflictException("Project '" + key + "' is in phase '" + project.phase() + "' (" + project.status()
          + "): its charter changes only after its approval and before the project ends.");
    }
    if (!engine.reactsToChanges(key)) {
      throw new ConflictException("Project '" + key + "' runs on a lifecycle version from before change requests:"
          + " it cannot take a charter change; an administrator migrates it first.");
    }
    requests.open(key).ifPresent(open -> {
      throw new ConflictException("Change request " + open.id() + " of project '" + key + "' waits for its approval;"
          + " one change at a time.");
    });
    if (body == null || !body.isObject()) {
      throw new BadRequestException("The body must be JSON: {\"reason\": \"...\", and one or more of"
          + " \"successCriteria\", \"riskLevel\", \"datasetUri\"}.");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new BadRequestException("'" + name + "' cannot be changed by a change request; it may change "
            + "successCriteria, riskLevel or datasetUri (with a reason).");
      }
    }
    String reason = body.path("reason").isTextual() ? body.get("reason").asText().strip() : "";
    if (reason.isEmpty()) {
      throw new BadRequestException("'reason' is required: say why the requirements change.");
    }
    if (reason.length() > MAX_REASON) {
      throw new BadRequestException("'reason' is longer than " + MAX_REASON + " characters.");
    }
    Charter current = projects.charter(key);
    ObjectNode changes = JSON.createObjectNode();
    JsonNode criteria = body.get("successCriteria");
    if (criteria != null && !criteria.isNull()) {
      if (criteria.toString().length() > MAX_CRITERIA_JSON) {
        throw new BadRequestException("'successCriteria' is longer than " + MAX_CRITERIA_JSON + " characters.");
      }
      List<SuccessCriterion> proposed = criteria(criteria, current);
      if (proposed.size() > MAX_CRITERIA) {
        throw new BadRequestException("At most " + MAX_CRITERIA + " success criteria, not " + proposed.size() + ".");
      }
      if (proposed.equals(current.successCriteria())) {
        throw new BadRequestException("'successCriteria' are those in force; leave them out or change them.");
      }
      changes.set("successCriteria", JSON.valueToTree(proposed));
    }
    JsonNode risk = body.get("riskLevel");
    if (risk != null && !risk.isNull()) {
      String level = risk.asText("").strip();
      if (!risk.isTextual() || !CharterValidator.RISK_LEVELS.contains(level)) {
        throw new BadRequestException("'riskLevel' must be one of " + CharterValidator.RISK_LEVELS + ".");
      }
      if (level.equals(riskOf(current))) {
        throw new BadRequestException("'riskLevel' is '" + level + "' already.");
      }
      changes.put("riskLevel", level);
    }
    JsonNode dataset = body.get("datasetUri");
    if (dataset != null && !dataset.isNull()) {
      changes.put("datasetUri", dataset(dataset, current, project));
    }
    if (changes.isEmpty()) {
      throw new BadRequestException("Say what changes: 'successCriteria', 'riskLevel' or 'datasetUri'.");
    }
    // Compliance co-signs any change of the risk level: lowering it can remove their co-sign of the
    // deployment (deployment-approval.dmn), so it is theirs to agree to as much as raising it.
    boolean complianceCoSign = changes.has("riskLevel");
    long id = requests.add(key, user, reason, changes.toString(), projects.charterVersion(key), complianceCoSign);
    audit.record(key, user, "change-requested", "Change request " + id + ": " + summary(current, changes) + ". Reason: "
        + reason);
    ChangeRequest cr = requests.find(id).orElseThrow();
    engine.startApproval(key, id, complianceCoSign, Map.of("projectName", project.name(), "proposedBy", user,
        "changeReason", reason, "fromVersion", Integer.toString(cr.fromVersion()), "changeTable", table(cr).toString()));
    return cr;
  }

  /** The rows the approval form shows: each changed field, in force and proposed. */
  public ArrayNode table(ChangeRequest cr) {
    Charter current = projects.charter(cr.projectKey());
    ObjectNode changes = changes(cr);
    ArrayNode rows = JSON.createArrayNode();
    changes.fieldNames().forEachRemaining(field -> rows.addObject().put("field", field)
        .put("before", before(current, field)).put("after", after(changes, field)));
    return rows;
  }

  /**
   * Applies an approved change: the new charter version, the change request closed with it, the
   * running project told, a production model judged again by new criteria.
   *
   * @return what was done, as a sentence
   */
  @Transactional
  public String apply(String projectKey, long id) {
    ChangeRequest cr = decidable(projectKey, id);
    if (!ChangeRequest.PROPOSED.equals(cr.status())) {
      return "Change request " + id + " was " + cr.status().toLowerCase() + " already.";
    }
    String key = cr.projectKey();
    if (projects.require(key).status() != ProjectStatus.ACTIVE) {
      String outcome = "The project ended before the change was applied; the charter is unchanged.";
      requests.decide(id, ChangeRequest.WITHDRAWN, outcome, null);
      audit.record(key, null, "change-withdrawn", "Change request " + id + ": " + outcome);
      return outcome;
    }
    SignOff approval = records.latest(key, "approveChangeRequest")
        .filter(s -> s.approved() && !s.decidedAt().isBefore(cr.createdAt()) && !s.userId().equals(cr.proposedBy()))
        .orElseThrow(() -> new IllegalStateException("Change request " + id + " has no approving sign-off by another"
            + " person than its proposer; the charter is unchanged."));
    String approvers = approval.userId();
    if (cr.complianceCoSign()) {
      SignOff coSign = records.latest(key, "approveChangeRequestCompliance")
          .filter(s -> s.approved() && s.id() > approval.id() && !s.userId().equals(approval.userId())
              && !s.userId().equals(cr.proposedBy()))
          .orElseThrow(() -> new IllegalStateException("Change request " + id + " raises the risk level and has no"
              + " compliance co-sign by another person; the charter is unchanged."));
      approvers += ", " + coSign.userId();
    }
    Charter current = projects.charter(key);
    ObjectNode changes = changes(cr);
    Charter next = changed(current, changes);
    int version = projects.newCharterVersion(key, next, cr.reason(), cr.proposedBy(), approvers, id);
    String outcome = "Charter version " + version + ": " + summary(current, changes) + ".";
    Map<String, Object> variables = new LinkedHashMap<>();
    if (changes.has("successCriteria")) {
      variables.put("successCriteria", changes.get("successCriteria").toString());
    }
    if (changes.has("riskLevel")) {
      variables.put("riskLevel", next.riskLevel());
    }
    if (changes.has("datasetUri")) {
      variables.put("datasetUri", next.datasetUri());
    }
    engine.applyToRunningProject(key, variables, changes.has("datasetUri"));
    Optional<ModelVersion> production = registry.production(key);
    if (changes.has("successCriteria") && production.isPresent()) {
      EvaluationOutcome judged = evaluation.rejudge(production.get().id(), next.successCriteria(), version);
      outcome += " The production model (version " + production.get().version() + ") "
          + (judged.allMet() ? "meets" : "does not meet") + " the new criteria on its test metrics.";
    }
    if (!requests.decide(id, ChangeRequest.APPLIED, outcome, version)) {
      throw new IllegalStateException("Change request " + id + " was decided meanwhile; nothing is applied twice.");
    }
    audit.record(key, approvers, "charter-changed", outcome + " Change request " + id + " by " + cr.proposedBy()
        + ": " + cr.reason());
    return outcome;
  }

  /** Closes a change request its sponsor or compliance rejected; the charter stays as it is. */
  @Transactional
  public String reject(String projectKey, long id) {
    ChangeRequest cr = decidable(projectKey, id);
    if (!ChangeRequest.PROPOSED.equals(cr.status())) {
      return "Change request " + id + " was " + cr.status().toLowerCase() + " already.";
    }
    // The newest rejecting record of either approval since the request, read from the sign-offs.
    SignOff rejection = java.util.stream.Stream.of("approveChangeRequest", "approveChangeRequestCompliance")
        .map(task -> records.latest(cr.projectKey(), task)).flatMap(Optional::stream)
        .filter(s -> !s.approved() && !s.decidedAt().isBefore(cr.createdAt()))
        .max(java.util.Comparator.comparingLong(SignOff::id))
        .orElseThrow(() -> new IllegalStateException("Change request " + id + " has no rejecting sign-off; it stays"
            + " open."));
    String outcome = "Rejected by " + rejection.userId()
        + (rejection.comment() == null || rejection.comment().isBlank() ? "." : ": " + rejection.comment());
    if (!requests.decide(id, ChangeRequest.REJECTED, outcome, null)) {
      throw new IllegalStateException("Change request " + id + " was decided meanwhile.");
    }
    audit.record(cr.projectKey(), rejection.userId(), "change-rejected", "Change request " + id + ": " + outcome);
    return outcome;
  }

  /** Its proposer takes a change request back while it waits; its approval tasks close with it. */
  @Transactional
  public ChangeRequest withdraw(String projectKey, long id, String user, String reason) {
    ChangeRequest cr;
    try {
      cr = decidable(projectKey, id);
    } catch (IllegalStateException e) {
      throw new io.mlpm.web.NotFoundException("Project '" + projectKey + "' has no change request " + id + ".");
    }
    if (!ChangeRequest.PROPOSED.equals(cr.status())) {
      throw new ConflictException("Change request " + id + " is " + cr.status().toLowerCase() + "; only a waiting one"
          + " can be withdrawn.");
    }
    if (!cr.proposedBy().equals(user)) {
      throw new io.mlpm.web.ForbiddenException("Only its proposer, " + cr.proposedBy() + ", withdraws change request "
          + id + "; a sponsor rejects it instead.");
    }
    // Once a sponsor approved it, the decision is theirs (and compliance's): it is applied or rejected.
    if (records.latest(projectKey, "approveChangeRequest").filter(s -> s.approved()
        && !s.decidedAt().isBefore(cr.createdAt())).isPresent()) {
      throw new ConflictException("Change request " + id + " was approved by a sponsor already; it can no longer be"
          + " withdrawn.");
    }
    String outcome = "Withdrawn by " + user + (reason == null || reason.isBlank() ? "." : ": " + reason.strip());
    requests.decide(id, ChangeRequest.WITHDRAWN, outcome, null);
    engine.cancelApproval(projectKey, id, "change request withdrawn by its proposer");
    audit.record(projectKey, user, "change-withdrawn", "Change request " + id + ": " + outcome);
    return requests.find(id).orElseThrow();
  }

  /** The change request of this project, locked until the transaction ends. */
  private ChangeRequest decidable(String projectKey, long id) {
    ChangeRequest cr = requests.lock(id).orElseThrow(() -> new IllegalStateException("no change request " + id));
    if (!cr.projectKey().equals(projectKey)) {
      throw new IllegalStateException("Change request " + id + " belongs to project '" + cr.projectKey() + "', not '"
          + projectKey + "'; nothing changed.");
    }
    return cr;
  }

  /**
   * Judges the candidate waiting for its deployment approval by the charter now in force; one that
   * no longer meets it leaves staging, and the project goes back to model development.
   */
  @Transactional
  public boolean rejudge(String key, long modelId) {
    ModelVersion candidate = registry.get(modelId);
    if (!key.equals(candidate.projectKey())) {
      // The id comes from the process; a model of another project is never judged by this charter.
      throw new IllegalStateException("Model " + modelId + " is not a model of project '" + key + "'.");
    }
    Charter charter = projects.charter(key);
    EvaluationOutcome judged = evaluation.rejudge(modelId, charter.successCriteria(), projects.charterVersion(key));
    if (!judged.allMet() && candidate.stage() == Stage.STAGING) {
      registry.moveTo(modelId, Stage.CANDIDATE, null, "does not meet charter version " + projects.charterVersion(key));
    }
    audit.record(key, null, "candidate-rejudged", "Model " + modelId + (judged.allMet() ? " meets" : " does not meet")
        + " charter version " + projects.charterVersion(key) + ".");
    return judged.allMet();
  }

  private static List<SuccessCriterion> criteria(JsonNode node, Charter current) {
    try {
      return CharterValidator.checkedCriteria(node.isTextual() ? node.asText() : node.toString(), current.taskType());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage().replace("Charter variable ", ""));
    }
  }

  private String dataset(JsonNode node, Charter current, Project project) {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new BadRequestException("'datasetUri' must be the path of a CSV file under the dataset root.");
    }
    String uri = node.asText().strip();
    if (uri.equals(current.datasetUri())) {
      throw new BadRequestException("'datasetUri' is '" + uri + "' already.");
    }
    if ("production".equals(project.phase())) {
      throw new ConflictException("Project '" + project.key() + "' is in production: a model is retrained on a new"
          + " dataset through 'Review degradation' (retrain, with its dataset), not by changing the charter.");
    }
    List<String> columns;
    try {
      columns = data.columns(uri, io.mlpm.data.CsvDatasetReader.delimiter(current.csvDelimiter()));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("'datasetUri' is not usable: " + e.getMessage());
    }
    for (String needed : new String[] {current.targetColumn(), current.sensitiveAttribute()}) {
      if (needed != null && !needed.isBlank() && !columns.contains(needed)) {
        throw new BadRequestException("'datasetUri' " + uri + " has no column '" + needed + "', which the charter"
            + " needs; its columns are " + columns + ".");
      }
    }
    return uri;
  }

  private static ObjectNode changes(ChangeRequest cr) {
    try {
      return (ObjectNode) JSON.readTree(cr.changesJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("change request " + cr.id() + " is unreadable", e);
    }
  }

  private static Charter changed(Charter c, ObjectNode changes) {
    List<SuccessCriterion> criteria = c.successCriteria();
    if (changes.has("successCriteria")) {
      criteria = new ArrayList<>();
      for (JsonNode n : changes.get("successCriteria")) {
        criteria.add(new SuccessCriterion(n.get("metric").asText(), n.get("operator").asText(),
            n.get("threshold").asDouble()));
      }
    }
    return new Charter(c.projectName(), c.businessProblem(), c.sponsor(),
        changes.has("datasetUri") ? changes.get("datasetUri").asText() : c.datasetUri(), c.targetColumn(),
        c.taskType(), List.copyOf(criteria), c.sensitiveAttribute(), c.maxIterations(),
        changes.has("riskLevel") ? changes.get("riskLevel").asText() : c.riskLevel(), c.signOffDays(), c.seed(),
        c.csvDelimiter(), c.algorithms(), c.tuningBudget(), c.excludedColumns(), c.qualityOverrides());
  }

  private static String summary(Charter current, ObjectNode changes) {
    List<String> parts = new ArrayList<>();
    changes.fieldNames().forEachRemaining(f -> parts.add(f + " " + before(current, f) + " → " + after(changes, f)));
    return String.join("; ", parts);
  }

  private static String before(Charter c, String field) {
    return switch (field) {
      case "successCriteria" -> criteriaText(c.successCriteria());
      case "riskLevel" -> riskOf(c);
      default -> c.datasetUri();
    };
  }

  private static String after(ObjectNode changes, String field) {
    if (!"successCriteria".equals(field)) {
      return changes.get(field).asText();
    }
    List<String> parts = new ArrayList<>();
    changes.get(field).forEach(n -> parts.add(n.get("metric").asText() + " " + n.get("operator").asText() + " "
        + n.get("threshold").asText()));
    return String.join(", ", parts);
  }

  private static String criteriaText(List<SuccessCriterion> criteria) {
    return String.join(", ", criteria.stream().map(c -> c.metric() + " " + c.operator() + " " + c.threshold())
        .toList());
  }

  /** A charter without a risk level is medium, as the validator reads it. */
  private static String riskOf(Charter c) {
    return c.riskLevel() == null || c.riskLevel().isBlank() ? "medium" : c.riskLevel();
  }
}
