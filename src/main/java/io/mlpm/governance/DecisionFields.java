package io.mlpm.governance;

import java.util.List;

/**
 * The names of the fields the decision forms send ({@code forms/*.form}): what {@link DecisionRules}
 * checks and {@link Decisions} reads. Some are process variables the steps read after the decision
 * (a new dataset, a retry's algorithms); the others belong to the one decision and are removed once
 * it is recorded ({@link #DECISION_ONLY}), so that the next form does not show the previous answer.
 */
public final class DecisionFields {

  public static final String APPROVED = "approved";
  public static final String COMMENT = "comment";
  /** The choice of a review (reviewIteration, reviewDegradation, sponsorDecision, decideEscalation). */
  public static final String DECISION = "decision";
  /** resolveDataIssues: newDataset, exclude, waive or abort. */
  public static final String RESOLUTION = "resolution";
  public static final String EXCLUDE_COLUMNS = "excludeColumns";
  /** resolveDataIssues' new dataset; the project's dataset from then on. */
  public static final String DATASET_URI = "datasetUri";
  /** reviewDegradation: retrain on this dataset instead of the current one. */
  public static final String RETRAIN_DATASET_URI = "retrainDatasetUri";
  /** sponsorDecision: how many more iterations an extension allows. */
  public static final String EXTRA_ITERATIONS = "extraIterations";
  /** reviewIteration's retry: other algorithms, another tuning budget (named as in the charter). */
  public static final String ALGORITHMS = "algorithms";
  public static final String TUNING_BUDGET = "tuningBudget";
  /** decideEscalation: extend the due date by these days, or reassign to this user. */
  public static final String EXTEND_DAYS = "extendDays";
  public static final String REASSIGN_TO = "reassignTo";

  /** The fields of one decision only, removed from the process once it is recorded. */
  public static final List<String> DECISION_ONLY = List.of(APPROVED, COMMENT, DECISION, RESOLUTION, EXCLUDE_COLUMNS,
      RETRAIN_DATASET_URI);

  private DecisionFields() {}
}
