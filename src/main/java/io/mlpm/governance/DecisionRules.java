package io.mlpm.governance;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * What a sign-off must contain to be accepted, per user task: checked before the engine (HTTP 400
 * with the reason) and again when the task completes.
 */
public final class DecisionRules {

  public static final List<String> SIGN_OFFS = List.of("approveCharter", "approveDataset", "approveDeployment",
      "approveDeploymentCompliance", "approvePolicyChange", "approveChangeRequest", "approveChangeRequestCompliance");
  public static final List<String> TASKS = List.of("approveCharter", "approveDataset", "approveDeployment",
      "approveDeploymentCompliance", "approvePolicyChange", "resolveDataIssues", "reviewIteration", "sponsorDecision", "reviewDegradation",
      "decideEscalation", "approveChangeRequest", "approveChangeRequestCompliance");
  /** How far an escalation may push a sign-off's due date at once. */
  public static final int MAX_EXTEND_DAYS = 30;

  private final Consumer<String> datasetCheck;
  private final BiPredicate<String, String> isMember;

  /**
   * @param datasetCheck throws {@link IllegalArgumentException} naming the problem of a dataset uri
   * @param isMember whether a user (first) is a member of a group (second) now
   */
  public DecisionRules(Consumer<String> datasetCheck, BiPredicate<String, String> isMember) {
    this.datasetCheck = datasetCheck;
    this.isMember = isMember;
  }

  /**
   * What the process knows that a decision depends on.
   *
   * @param datasetReadable whether the project's current dataset could be read at all
   * @param rollbackAvailable whether an earlier production model exists to roll back to
   * @param unwaivableFindings the failed checks no waiver may pass, as sentences (empty if none)
   * @param targetColumn the charter's target, which no steward may leave out
   * @param datasetColumns the profiled dataset's columns (empty when unknown)
   * @param datasetUri the dataset being resolved; only {@code newDataset} may name another
   * @param sensitiveAttribute the charter's sensitive attribute, which no steward may leave out
   * @param escalatedGroups the groups of the overdue sign-off an escalation is about (empty otherwise)
   */
  public record Facts(boolean datasetReadable, boolean rollbackAvailable, io.mlpm.ml.TaskType taskType,
      String unwaivableFindings, String targetColumn, List<String> datasetColumns, String datasetUri,
      String sensitiveAttribute, List<String> escalatedGroups) {}

  /**
   * @param submitted the variables sent with the completion
   * @return what is wrong with the decision, or empty when it can be accepted
   */
  public Optional<String> problem(String taskKey, Map<String, ?> submitted, Facts facts) {
    boolean datasetReadable = facts.datasetReadable();
    String comment = text(submitted.get(DecisionFields.COMMENT));
    if (SIGN_OFFS.contains(taskKey)) {
      Boolean approved = approved(submitted.get(DecisionFields.APPROVED));
      if (approved == null) {
        return Optional.of("Decide: set 'approved' to true or false.");
      }
      if (!approved && comment.isBlank()) {
        return Optional.of("A rejection needs a 'comment' that says why.");
      }
      return Optional.empty();
    }
    return switch (taskKey) {
      case "resolveDataIssues" -> sameDataset(submitted, facts).or(() -> "exclude".equals(
          text(submitted.get(DecisionFields.RESOLUTION))) ? exclusion(submitted, comment, facts)
          : resolution(submitted, comment, datasetReadable, facts.unwaivableFindings()));
      case "reviewIteration" -> oneOf(submitted.get(DecisionFields.DECISION), List.of("retry", "abort"))
          .or(() -> retryChanges(submitted, facts.taskType()));
      case "reviewDegradation" -> degradation(submitted, comment, facts.rollbackAvailable());
      case "sponsorDecision" -> oneOf(submitted.get(DecisionFields.DECISION), List.of("extend", "stop"))
          .or(() -> extraIterations(submitted.get(DecisionFields.EXTRA_ITERATIONS)).isPresent()
              ? Optional.empty() : Optional.of("'extraIterations' must be a whole number from 1 to 20."));
      case "decideEscalation" -> escalation(submitted, comment, facts.escalatedGroups());
      default -> Optional.empty();
    };
  }

  /** Extend by 1 to 30 days, or reassign to a member of the sign-off's group now; either with a reason. */
  private Optional<String> escalation(Map<String, ?> submitted, String comment, List<String> groups) {
    Optional<String> choice = oneOf(submitted.get(DecisionFields.DECISION), List.of("extend", "reassign"));
    if (choice.isPresent()) {
      return choice;
    }
    if (comment.isBlank()) {
      return Optional.of("An escalation's decision needs a 'comment' with the reason.");
    }
    if ("extend".equals(text(submitted.get(DecisionFields.DECISION)))) {
      return extendDays(submitted.get(DecisionFields.EXTEND_DAYS)).isPresent() ? Optional.empty()
          : Optional.of("'extendDays' must be a whole number from 1 to " + MAX_EXTEND_DAYS + ".");
    }
    if (groups.isEmpty()) {
      return Optional.of("This sign-off is for a named person, not a group, so it cannot be reassigned; extend it.");
    }
    String user = text(submitted.get(DecisionFields.REASSIGN_TO)).strip();
    if (user.isEmpty()) {
      return Optional.of("Reassigning needs 'reassignTo': the user id of a member of " + groups + ".");
    }
    if (groups.stream().noneMatch(g -> isMember.test(user, g))) {
      return Optional.of("'" + user + "' is not a member of " + groups + ", who sign this off; choose one of them.");
    }
    return Optional.empty();
  }

  /** The days an escalation extends a due date by, when they are a whole number from 1 to 30. */
  public static Optional<Integer> extendDays(Object value) {
    Optional<Integer> days = wholeNumber(value);
    return days.filter(d -> d >= 1 && d <= MAX_EXTEND_DAYS);
  }

  private Optional<String> resolution(Map<String, ?> submitted, String comment, boolean datasetReadable,
      String unwaivable) {
    String resolution = text(submitted.get(DecisionFields.RESOLUTION));
    switch (resolution) {
      case "newDataset" -> {
        String uri = text(submitted.get(DecisionFields.DATASET_URI));
        if (uri.isBlank()) {
          return Optional.of("A new dataset needs its 'datasetUri'.");
        }
        try {
          datasetCheck.accept(uri);
        } catch (IllegalArgumentException e) {
          return Optional.of("The new 'datasetUri' is not usable: " + e.getMessage());
        }
        return Optional.empty();
      }
      case "waive" -> {
        if (comment.isBlank()) {
          return Optional.of("A waiver needs a 'comment' with the reason.");
        }
        if (!datasetReadable) {
          return Optional.of(
              "The dataset could not be read at all, so it cannot be waived; choose 'newDataset' or 'abort'.");
        }
        return unwaivable == null || unwaivable.isBlank() ? Optional.empty() : Optional.of("These findings make the"
            + " project impossible on this dataset and cannot be waived: " + unwaivable
            + " Choose 'newDataset' or 'abort'.");
      }
      case "abort" -> {
        return comment.isBlank() ? Optional.of("Aborting needs a 'comment' with the reason.") : Optional.empty();
      }
      default -> {
        return Optional.of("'resolution' must be newDataset, exclude, waive or abort, not '" + resolution + "'.");
      }
    }
  }

  /**
   * The form carries the dataset field with every resolution (prefilled with the current one); only
   * a new dataset may change it, or a waiver could land on another file than the one checked.
   */
  private static Optional<String> sameDataset(Map<String, ?> submitted, Facts facts) {
    String uri = text(submitted.get(DecisionFields.DATASET_URI)).strip();
    boolean other = !uri.isEmpty() && facts.datasetUri() != null && !uri.equals(facts.datasetUri().strip());
    return other && !"newDataset".equals(text(submitted.get(DecisionFields.RESOLUTION)))
        ? Optional.of("'datasetUri' may only change with the resolution 'newDataset'; the findings are about '"
            + facts.datasetUri() + "'.")
        : Optional.empty();
  }

  /** The column names of an {@code excludeColumns} field: comma separated, trimmed, each once. */
  public static List<String> columnsToExclude(Object value) {
    return java.util.Arrays.stream(text(value).split(",")).map(String::strip).filter(c -> !c.isEmpty()).distinct()
        .toList();
  }

  /** At most this many columns are left out in one resolution. */
  static final int MAX_EXCLUDED = 200;

  /** The columns a steward leaves out to go on: named, in the dataset, not the target, with a reason. */
  private static Optional<String> exclusion(Map<String, ?> submitted, String comment, Facts facts) {
    if (!facts.datasetReadable()) {
      return Optional.of("The dataset could not be read, so no column can be left out; choose 'newDataset' or 'abort'.");
    }
    List<String> columns = columnsToExclude(submitted.get(DecisionFields.EXCLUDE_COLUMNS));
    if (columns.isEmpty()) {
      return Optional.of("Name the columns to leave out in 'excludeColumns' (comma separated).");
    }
    if (columns.size() > MAX_EXCLUDED) {
      return Optional.of("At most " + MAX_EXCLUDED + " columns can be left out at once, not " + columns.size() + ".");
    }
    if (comment.isBlank()) {
      return Optional.of("Leaving columns out needs a 'comment' with the reason.");
    }
    if (columns.contains(facts.targetColumn())) {
      return Optional.of("'" + facts.targetColumn() + "' is the target and cannot be left out; choose 'newDataset'"
          + " or 'abort'.");
    }
    if (facts.sensitiveAttribute() != null && columns.contains(facts.sensitiveAttribute())) {
      return Optional.of("'" + facts.sensitiveAttribute() + "' is the charter's sensitive attribute: the model is"
          + " checked for fairness against it, so it cannot be left out.");
    }
    List<String> unknown = facts.datasetColumns().isEmpty() ? List.of()
        : columns.stream().filter(c -> !facts.datasetColumns().contains(c)).toList();
    return unknown.isEmpty() ? Optional.empty() : Optional.of("Not columns of the dataset: " + unknown
        + "; its columns are " + facts.datasetColumns() + ".");
  }

  /** A retry may change the algorithms and the tuning budget; they must make sense. */
  private static Optional<String> retryChanges(Map<String, ?> submitted, io.mlpm.ml.TaskType taskType) {
    try {
      if (taskType != null) {
        io.mlpm.charter.CharterValidator.checkAlgorithms(submitted.get(DecisionFields.ALGORITHMS), taskType);
      }
      io.mlpm.charter.CharterValidator.checkTuningBudget(submitted.get(DecisionFields.TUNING_BUDGET));
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage().replace("Charter variable ", ""));
    }
  }

  private Optional<String> degradation(Map<String, ?> submitted, String comment, boolean rollbackAvailable) {
    Optional<String> choice = oneOf(submitted.get(DecisionFields.DECISION), List.of("retrain", "rollback", "accept"));
    if (choice.isPresent()) {
      return choice;
    }
    String decision = text(submitted.get(DecisionFields.DECISION));
    if (decision.equals("accept") && comment.isBlank()) {
      return Optional.of("Accepting a degradation needs a 'comment' with the reason.");
    }
    String retrainOn = text(submitted.get(DecisionFields.RETRAIN_DATASET_URI));
    if (decision.equals("retrain") && !retrainOn.isBlank()) {
      try {
        datasetCheck.accept(retrainOn);
      } catch (IllegalArgumentException e) {
        return Optional.of("The 'retrainDatasetUri' is not usable: " + e.getMessage());
      }
    }
    if (decision.equals("rollback") && !rollbackAvailable) {
      return Optional.of("There is no earlier production model to roll back to; choose retrain or accept.");
    }
    return Optional.empty();
  }

  private static Optional<String> oneOf(Object value, List<String> allowed) {
    String decision = text(value);
    return allowed.contains(decision) ? Optional.empty()
        : Optional.of("'decision' must be " + String.join(" or ", allowed) + ", not '" + decision + "'.");
  }

  /** The sponsor's extra iterations: 1 when not given, empty when not a whole number from 1 to 20. */
  public static Optional<Integer> extraIterations(Object value) {
    if (value == null || value.toString().isBlank()) {
      return Optional.of(1);
    }
    return wholeNumber(value).filter(n -> n >= 1 && n <= 20);
  }

  /** A whole number given as a number or a text of one ("3", 3.0); empty otherwise. */
  private static Optional<Integer> wholeNumber(Object value) {
    if (value == null || value.toString().isBlank()) {
      return Optional.empty();
    }
    try {
      double d = Double.parseDouble(value.toString().trim());
      int n = (int) d;
      return d == n ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Booleans from REST, strings from Tasklist's radio buttons; null when undecided. */
  public static Boolean approved(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s) {
      return switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "approve", "approved" -> Boolean.TRUE;
        case "false", "no", "reject", "rejected" -> Boolean.FALSE;
        default -> null;
      };
    }
    return null;
  }

  public static String text(Object value) {
    return value == null ? "" : value.toString().trim();
  }
}
