package io.mlpm.process;

import io.mlpm.governance.DecisionFields;
import io.mlpm.ml.TaskType;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.spin.plugin.variable.SpinValues;
import org.camunda.spin.plugin.variable.value.JsonValue;

/** Names and typed access of the process variables shared by the three diagrams. */
public final class Variables {

  public static final String PROCESS_KEY = "ml-project-lifecycle";
  public static final String PROJECT_NAME = "projectName";
  public static final String BUSINESS_PROBLEM = "businessProblem";
  public static final String SIGN_OFF_DAYS = io.mlpm.charter.CharterValidator.SIGN_OFF_DAYS;
  public static final String DATASET_URI = "datasetUri";
  public static final String TARGET_COLUMN = "targetColumn";
  public static final String SENSITIVE_ATTRIBUTE = "sensitiveAttribute";
  /** The dataset the current checks are about, as ingested (no form can write it, unlike datasetUri). */
  public static final String CHECKED_DATASET_URI = "checkedDatasetUri";
  public static final String TASK_TYPE = "taskType";
  public static final String SUCCESS_CRITERIA = "successCriteria";
  public static final String MAX_ITERATIONS = "maxIterations";
  public static final String SEED = "seed";
  public static final String CSV_DELIMITER = "csvDelimiter";
  public static final String DATA_VERDICT = "dataVerdict";
  public static final String DATA_FINDINGS = "dataFindings";
  public static final String DATA_SUMMARY = "dataSummary";
  public static final String DATASET_VERSION_ID = "datasetVersionId";
  /** Messages of the failed checks no waiver may pass (empty when every finding is waivable). */
  public static final String UNWAIVABLE_FINDINGS = "unwaivableFindings";
  /** What the steward's resolveDataIssues form says about waiving these findings. */
  public static final String WAIVER_NOTE = "waiverNote";
  /** Who waived the current dataset's findings and why, or "none"; shown on later sign-offs. */
  public static final String DATA_WAIVER = "dataWaiver";
  /** Columns a data steward left out to go on (comma separated): profiled, checked and prepared without. */
  public static final String STEWARD_EXCLUDED_COLUMNS = "stewardExcludedColumns";
  /**
   * Why the data is checked again: set (by the lifecycle's "Data changed" boundary event) when a
   * step of model development read other bytes than the approved version; the next ingest turns it
   * into a finding for the steward and clears it.
   */
  public static final String DATA_CHANGED_NOTE = "dataChangedNote";
  /** The BPMN error code of a step that read other bytes than the recorded dataset version. */
  public static final String DATASET_CHANGED_ERROR = "datasetChanged";
  /** The BPMN error code of a long step that failed on every attempt or cannot fit the memory budget. */
  public static final String STEP_FAILED_ERROR = "stepFailed";
  /** Why the last long step gave up, shown on the task of the person who decides what next; "" when none did. */
  public static final String STEP_FAILURE = "stepFailure";
  /** The columns of the profiled dataset (a JSON list), for checking a steward's exclusions. */
  public static final String DATASET_COLUMNS = "datasetColumns";
  public static final String DATASET_SHA256 = "datasetSha256";
  public static final String SPLIT_ID = "splitId";
  public static final String SPLIT_SUMMARY = "splitSummary";
  /** The project's iteration number, counted on across rounds (a retrain continues it): the registry's. */
  public static final String ITERATION = "developmentIteration";
  /** The iteration within this round of model development, against {@link #MAX_ITERATIONS}. */
  public static final String ROUND_ITERATION = "roundIteration";
  /** Every iteration's selected model so far, for the sponsor's decision; and links to their model cards. */
  public static final String ITERATIONS_TABLE = "iterationsTable";
  public static final String ITERATION_CARDS = "iterationCards";
  public static final String CANDIDATE_MODEL_ID = "candidateModelId";
  /** The deployment-approval DMN's result: whether compliance must co-sign. */
  public static final String COMPLIANCE_REQUIRED = "complianceRequired";
  /** Policies evaluated outside business rule tasks, as key:vN, comma separated (PolicyEvaluation). */
  public static final String USED_POLICY_VERSIONS = "usedPolicyVersions";
  public static final String METRICS = "metrics";
  public static final String CRITERIA_RESULTS = "criteriaResults";
  public static final String CRITERIA_MET = "criteriaMet";
  public static final String CRITERIA_SUMMARY = "criteriaSummary";
  /**
   * The selected candidate's metrics on the validation split, what {@code reviewIteration} shows: an
   * iteration is steered by validation data, the test split gives only the verdict.
   */
  public static final String VALIDATION_METRICS = "validationMetrics";
  /** How many of the split's rows the model was trained, tuned and evaluated on (approveDeployment). */
  public static final String ROWS_USED = "rowsUsed";
  public static final String MODEL_VERSION = "modelVersion";
  public static final String INITIATOR = "initiator";
  public static final String ROLLBACK_AVAILABLE = "rollbackAvailable";
  public static final String MONITORING_INTERVAL = "monitoringInterval";
  public static final String MODEL_HEALTH = "modelHealth";
  /** The latest health check: its record's id, its verdict with the summary, and its findings (JSON rows). */
  public static final String HEALTH_CHECK_ID = "healthCheckId";
  public static final String HEALTH_SUMMARY = "healthSummary";
  public static final String HEALTH_FINDINGS = "healthFindings";
  /** The selected candidate of an iteration, why, and every candidate's validation score (JSON rows). */
  public static final String SELECTED_ALGORITHM = "selectedAlgorithm";
  public static final String SELECTION_REASON = "selectionReason";
  public static final String CANDIDATES_TABLE = "candidatesTable";
  /** What an iteration trains, in a sentence for {@code reviewIteration}. */
  public static final String ITERATION_SUMMARY = "iterationSummary";
  /** The multi-instance element variable of {@code trainCandidates}: one candidate's algorithm. */
  public static final String ALGORITHM = "algorithm";
  /** The charter's key, risk level and sensitive attribute as the diagrams and DMN tables read them. */
  public static final String PROJECT_KEY = "projectKey";
  public static final String RISK_LEVEL = "riskLevel";
  /** A policy review: the change reviewed, its table, why and by whom; the version it became once approved. */
  public static final String POLICY_CHANGE_ID = "policyChangeId";
  public static final String DECISION_KEY = "decisionKey";
  public static final String POLICY_REASON = "policyReason";
  public static final String PROPOSED_BY = "proposedBy";
  public static final String DEPLOYED_VERSION = "deployedVersion";
  /** The charter's candidate algorithms and tuning budget, and those of the iteration being trained. */
  public static final String ALGORITHMS = DecisionFields.ALGORITHMS;
  public static final String TUNING_BUDGET = DecisionFields.TUNING_BUDGET;
  public static final String CANDIDATE_ALGORITHMS = "candidateAlgorithms";
  /** The topic of one external candidate's trainer (element variable of {@code trainExternally}). */
  public static final String TRAINER_TOPIC = "trainerTopic";
  /** The topic of a serving worker's task in {@code external-serving}: deploy-model, rollback-model or retire-model. */
  public static final String SERVING_TOPIC = "servingTopic";
  /** What an external trainer completes its task with: the id of its accepted upload. */
  public static final String UPLOAD_ID = "uploadId";
  /** Columns the profile proposes to leave out (id-like, constant), and those the charter names. */
  public static final String PROFILE_EXCLUSIONS = "profileExclusions";
  public static final String EXCLUDED_COLUMNS = "excludedColumns";
  /** The charter's sponsor (user id): the candidate user of the lifecycle's sponsor tasks. */
  public static final String SPONSOR = "sponsor";
  /** True when preparation could not read the file (it changed or vanished): back to the steward. */
  public static final String PREPARATION_FAILED = "preparationFailed";
  /** How a sub-process ended, for the lifecycle's gateways: data "ready" or "aborted"; development "met", ... */
  public static final String DATA_OUTCOME = "dataOutcome";
  public static final String DEVELOPMENT_OUTCOME = "developmentOutcome";
  /** A review of degradation that retrains on a dataset the engineer named. */
  public static final String RETRAIN_ON_NEW_DATASET = "retrainOnNewDataset";
  /** Task-local, written by {@link io.mlpm.process.engine.TaskNames} from the project row: Tasklist's Project and Key columns. */
  public static final String TASK_PROJECT_NAME = "taskProjectName";
  public static final String TASK_PROJECT_KEY = "taskProjectKey";
  /**
   * The decision forms' own fields, read by the decision rules and removed once a decision is
   * recorded ({@link DecisionFields#DECISION_ONLY}); named in governance, which checks them.
   */
  public static final String APPROVED = DecisionFields.APPROVED;
  public static final String COMMENT = DecisionFields.COMMENT;
  public static final String DECISION = DecisionFields.DECISION;
  public static final String RESOLUTION = DecisionFields.RESOLUTION;
  public static final String EXCLUDE_COLUMNS = DecisionFields.EXCLUDE_COLUMNS;
  public static final String RETRAIN_DATASET_URI = DecisionFields.RETRAIN_DATASET_URI;
  public static final String EXTRA_ITERATIONS = DecisionFields.EXTRA_ITERATIONS;

  /**
   * What a decision writes for the gateways and later forms: its value (a sign-off's approval, a
   * review's choice), who decided and why. Spelled out here, never built from a prefix at run time.
   */
  public record Outcome(String value, String by, String comment) {}

  public static final Outcome CHARTER = new Outcome("charterApproved", "charterApprovedBy", "charterComment");
  public static final Outcome DATASET = new Outcome("datasetApproved", "datasetApprovedBy", "datasetComment");
  public static final Outcome DEPLOYMENT = new Outcome("deploymentApproved", "deploymentApprovedBy", "deploymentComment");
  public static final Outcome COMPLIANCE = new Outcome("complianceApproved", "complianceApprovedBy", "complianceComment");
  public static final Outcome POLICY = new Outcome("policyApproved", "policyApprovedBy", "policyComment");
  public static final Outcome DATA_RESOLUTION = new Outcome("dataResolution", "dataResolutionBy", "dataResolutionComment");
  public static final Outcome ITERATION_DECISION = new Outcome("iterationDecision", "iterationDecisionBy",
      "iterationDecisionComment");
  public static final Outcome DEGRADATION_DECISION = new Outcome("degradationDecision", "degradationDecisionBy",
      "degradationDecisionComment");
  public static final Outcome SPONSOR_CHOICE = new Outcome("sponsorChoice", "sponsorChoiceBy", "sponsorChoiceComment");

  public static final Outcome CHANGE_REQUEST = new Outcome("changeRequestApproved", "changeRequestApprovedBy",
      "changeRequestComment");
  public static final Outcome CHANGE_REQUEST_COMPLIANCE = new Outcome("changeRequestComplianceApproved",
      "changeRequestComplianceApprovedBy", "changeRequestComplianceComment");
  /** The change request a charter-change instance is about, and what the lifecycle reads after one. */
  public static final String CHANGE_REQUEST_ID = "changeRequestId";
  public static final String COMPLIANCE_COSIGN = "changeNeedsCompliance";
  public static final String CHARTER_DATASET_CHANGED = "charterDatasetChanged";
  public static final String CHANGE_OUTCOME = "changeOutcome";
  public static final String REJUDGED_CRITERIA_MET = "rejudgedCriteriaMet";

  public static final Outcome ESCALATION_DECISION = new Outcome("escalationDecision", "escalationDecisionBy",
      "escalationDecisionComment");

  /** The escalation process (sign-off-escalation.bpmn): the overdue sign-off it is about, and who decides. */
  public static final String ESCALATION_PROCESS_KEY = "sign-off-escalation";
  public static final String ESCALATED_TASK_ID = "escalatedTaskId";
  public static final String ESCALATED_TASK_KEY = "escalatedTaskKey";
  public static final String ESCALATED_TASK_NAME = "escalatedTaskName";
  public static final String ESCALATED_DUE = "escalatedDue";
  public static final String ESCALATED_GROUPS = "escalatedGroups";
  public static final String ESCALATED_CANDIDATES = "escalatedCandidates";
  public static final String ESCALATE_TO = "escalateTo";
  /** The escalation form's fields beside decision and comment. */
  public static final String EXTEND_DAYS = DecisionFields.EXTEND_DAYS;
  public static final String REASSIGN_TO = DecisionFields.REASSIGN_TO;
  /** What the escalation changed, as a sentence. */
  public static final String ESCALATION_OUTCOME = "escalationOutcome";
  /** Task-local markers on an overdue sign-off: the due date its candidates were reminded of, and escalated for. */
  public static final String REMINDED_FOR_DUE = "mlpmRemindedForDue";
  public static final String ESCALATED_FOR_DUE = "mlpmEscalatedForDue";

  private Variables() {}

  /** String variables hold at most 4,000 characters. */
  public static String abbreviate(String s) {
    return s == null || s.length() <= 3900 ? s : s.substring(0, 3899) + "…";
  }

  public static String text(VariableScope scope, String name) {
    Object v = scope.getVariable(name);
    return v == null ? null : v.toString();
  }

  /** A variable holding column names (comma separated or a JSON list); empty when unset. */
  public static java.util.List<String> columns(VariableScope scope, String name) {
    return io.mlpm.data.DataChecks.columnList(text(scope, name));
  }

  public static long number(VariableScope scope, String name) {
    Object v = scope.getVariable(name);
    if (v instanceof Number n) {
      return n.longValue();
    }
    throw new IllegalStateException("process variable '" + name + "' should be a number but is " + v);
  }

  /** The variables {@link #facts} reads: the completion guard loads exactly these. */
  public static final List<String> FACTS = List.of(DATASET_VERSION_ID, ROLLBACK_AVAILABLE, TASK_TYPE, UNWAIVABLE_FINDINGS,
      TARGET_COLUMN, DATASET_COLUMNS, DATASET_URI, CHECKED_DATASET_URI, SENSITIVE_ATTRIBUTE, ESCALATED_GROUPS);

  /** Group ids as the escalation keeps them: comma separated (group ids hold no comma). */
  static List<String> commaSeparated(String text) {
    return text == null || text.isBlank() ? List.of()
        : java.util.Arrays.stream(text.split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList();
  }

  public static io.mlpm.governance.DecisionRules.Facts facts(java.util.Map<String, Object> variables) {
    String sensitive = text(variables, SENSITIVE_ATTRIBUTE);
    String checked = text(variables, CHECKED_DATASET_URI);
    String unwaivable = text(variables, UNWAIVABLE_FINDINGS);
    return new io.mlpm.governance.DecisionRules.Facts(variables.get(DATASET_VERSION_ID) != null,
        Boolean.TRUE.equals(variables.get(ROLLBACK_AVAILABLE)),
        TaskType.fromCode(text(variables, TASK_TYPE)).orElse(null),
        unwaivable == null ? "" : unwaivable,
        text(variables, TARGET_COLUMN),
        names(text(variables, DATASET_COLUMNS)),
        checked != null ? checked : text(variables, DATASET_URI),
        sensitive == null || sensitive.isBlank() ? null : sensitive.strip(),
        commaSeparated(text(variables, ESCALATED_GROUPS)));
  }

  /** A JSON list of names as stored (a column name may hold a comma), or empty. */
  static List<String> names(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      return List.of(NAMES.readValue(json, String[].class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("'" + DATASET_COLUMNS + "' is not a JSON list of names: " + e.getMessage(), e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper NAMES =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static String text(java.util.Map<String, Object> variables, String name) {
    Object v = variables.get(name);
    return v == null ? null : v.toString();
  }

  public static JsonValue json(String json) {
    return SpinValues.jsonValue(json).create();
  }
}
