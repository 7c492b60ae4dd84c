package io.mlpm.governance;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a completed task decided, read from its form's fields once {@link DecisionRules} accepted
 * them: the choice, the comment, the sentence for the audit trail, and what the process goes on with.
 */
public final class Decisions {

  /**
   * A decision.
   *
   * @param choice {@link SignOff#APPROVED} or {@link SignOff#REJECTED} for a sign-off, else the option chosen
   * @param detail what the audit trail says was decided, before the comment
   */
  public record Decided(String choice, String comment, String detail) {

    public boolean approved() {
      return SignOff.APPROVED.equals(choice);
    }
  }

  /**
   * A steward's resolution of data findings.
   *
   * @param waiver who waived the findings and why; null unless waived
   * @param excludedColumns the columns the steward leaves out from now on (all of them, not only this time's)
   */
  public record DataResolution(Decided decided, String waiver, List<String> excludedColumns) {}

  /** @param retrainOn the dataset to retrain on instead of the current one; null for the current one */
  public record Degradation(Decided decided, String retrainOn) {}

  /** @param maxIterations the project's iteration budget after an extension; null when it stays */
  public record SponsorDecision(Decided decided, Integer maxIterations) {}

  private Decisions() {}

  public static Decided approval(Map<String, ?> submitted) {
    boolean approved = Boolean.TRUE.equals(DecisionRules.approved(submitted.get(DecisionFields.APPROVED)));
    return new Decided(approved ? SignOff.APPROVED : SignOff.REJECTED, comment(submitted),
        approved ? "approved" : "rejected");
  }

  /** reviewIteration: retry or abort. */
  public static Decided choice(Map<String, ?> submitted) {
    String choice = DecisionRules.text(submitted.get(DecisionFields.DECISION));
    return new Decided(choice, comment(submitted), choice);
  }

  /**
   * @param excludedBefore the columns the steward left out before, kept: the dataset is checked again without all of them
   * @param user who resolved, named in a waiver
   */
  public static DataResolution dataResolution(Map<String, ?> submitted, List<String> excludedBefore, String user) {
    String resolution = DecisionRules.text(submitted.get(DecisionFields.RESOLUTION));
    String comment = comment(submitted);
    String detail = resolution;
    List<String> excluded = excludedBefore;
    switch (resolution) {
      case "newDataset" -> {
        detail += " " + DecisionRules.text(submitted.get(DecisionFields.DATASET_URI));
        excluded = List.of(); // a new file starts with nothing left out
      }
      case "exclude" -> {
        Set<String> out = new LinkedHashSet<>(excludedBefore);
        out.addAll(DecisionRules.columnsToExclude(submitted.get(DecisionFields.EXCLUDE_COLUMNS)));
        excluded = List.copyOf(out);
        detail += " " + String.join(", ", excluded);
      }
      default -> { }
    }
    String waiver = "waive".equals(resolution) ? "findings waived by " + user + ": " + comment : null;
    return new DataResolution(new Decided(resolution, comment, detail), waiver, excluded);
  }

  /** reviewDegradation: retrain (on the current or a named dataset), roll back, or accept. */
  public static Degradation degradation(Map<String, ?> submitted) {
    Decided choice = choice(submitted);
    String retrainOn = DecisionRules.text(submitted.get(DecisionFields.RETRAIN_DATASET_URI));
    boolean newData = choice.choice().equals("retrain") && !retrainOn.isBlank();
    return new Degradation(newData ? new Decided(choice.choice(), choice.comment(), "retrain on " + retrainOn) : choice,
        newData ? retrainOn : null);
  }

  /** sponsorDecision: extend the iteration budget (by 1 unless told) or stop. */
  public static SponsorDecision sponsor(Map<String, ?> submitted, int maxIterationsBefore) {
    Decided choice = choice(submitted);
    if (!"extend".equals(choice.choice())) {
      return new SponsorDecision(choice, null);
    }
    int more = DecisionRules.extraIterations(submitted.get(DecisionFields.EXTRA_ITERATIONS)).orElse(1);
    return new SponsorDecision(new Decided(choice.choice(), choice.comment(), "extend by " + more + " iteration(s)"),
        maxIterationsBefore + more);
  }

  /** decideEscalation: extend the overdue sign-off's due date, or reassign it. */
  public static Decided escalation(Map<String, ?> submitted, String escalatedTaskName) {
    Decided choice = choice(submitted);
    String detail = choice.choice() + ("extend".equals(choice.choice())
        ? " by " + DecisionRules.extendDays(submitted.get(DecisionFields.EXTEND_DAYS)).orElseThrow() + " day(s)"
        : " to " + DecisionRules.text(submitted.get(DecisionFields.REASSIGN_TO)).strip());
    return new Decided(choice.choice(), choice.comment(), detail + " ('" + escalatedTaskName + "')");
  }

  private static String comment(Map<String, ?> submitted) {
    return DecisionRules.text(submitted.get(DecisionFields.COMMENT));
  }
}
