package io.mlpm.process;

import io.mlpm.data.WorkingSet;
import io.mlpm.data.DataCheckOutcome;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.DatasetFormatException;
import io.mlpm.data.Finding;
import io.mlpm.data.PreparationPlan;
import io.mlpm.data.RecordedSplit;
import io.mlpm.data.DatasetChangedException;
import io.mlpm.data.SplitCounts;
import io.mlpm.data.Severity;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Service task {@code prepareDataset}: duplicates removed, id-like and constant columns (from the
 * profile) and the charter's {@code excludedColumns} left out, seeded stratified
 * train/validation/test split, recorded for later rebuilds. A file that vanished or changed since
 * it was checked goes back to the data steward.
 */
@Component
public class PrepareDatasetDelegate implements LongStep {

  private final WorkingSet workingSet;
  private final DataPreparationService data;
  private final FindingsView findings;

  public PrepareDatasetDelegate(DataPreparationService data, FindingsView findings, WorkingSet workingSet) {
    this.workingSet = workingSet;
    this.data = data;
    this.findings = findings;
  }

  @Override
  public String topic() {
    return "mlpm.prepareDataset";
  }

  @Override
  public long workingSet(StepScope execution) {
    return workingSet.ofPreparation(Variables.number(execution, Variables.DATASET_VERSION_ID));
  }

  @Override
  public void work(StepScope execution) {
    String target = Variables.text(execution, Variables.TARGET_COLUMN);
    Set<String> excluded = new LinkedHashSet<>(list(Variables.text(execution, Variables.PROFILE_EXCLUSIONS)));
    excluded.addAll(list(Variables.text(execution, Variables.EXCLUDED_COLUMNS)));
    excluded.addAll(list(Variables.text(execution, Variables.STEWARD_EXCLUDED_COLUMNS)));
    excluded.remove(target);
    PreparationPlan plan = new PreparationPlan(target, Variables.taskType(execution), List.copyOf(excluded),
        Variables.seed(execution), PreparationPlan.TEST_RATIO, PreparationPlan.VALIDATION_RATIO,
        Variables.delimiter(execution));
    String uri = Variables.text(execution, Variables.DATASET_URI);
    RecordedSplit split;
    try {
      split = data.prepare(execution.getProcessBusinessKey(), uri,
          Variables.number(execution, Variables.DATASET_VERSION_ID), plan);
    } catch (DatasetFormatException | DatasetChangedException | UncheckedIOException
        | IllegalArgumentException e) { // a path outside the root (InvalidDatasetPathException) or a target not in the file
      Finding gone = new Finding("readable", null, Severity.FAIL, "The dataset '" + uri
          + "' could not be prepared: " + e.getMessage(), null, null);
      findings.writeFailure(execution, new DataCheckOutcome(Severity.FAIL, List.of(gone), null, null, gone.message()));
      execution.setVariable(Variables.PREPARATION_FAILED, true);
      return;
    }
    // Its own flag: after a waiver the data verdict is still FAIL, and that must not send it back.
    execution.setVariable(Variables.PREPARATION_FAILED, false);
    execution.setVariable(Variables.SPLIT_ID, split.splitId());
    execution.setVariable(Variables.SPLIT_SUMMARY, summary(split.counts(), split.seed(), data.distinctRowLimit(),
        excluded.isEmpty() ? "none" : String.join(", ", excluded)));
  }

  @Override
  public void giveUp(StepScope execution, String reason) {
    findings.writeGiveUp(execution, Variables.number(execution, Variables.DATASET_VERSION_ID), reason);
    execution.setVariable(Variables.PREPARATION_FAILED, true);
  }

  /** The split as the steward reads it on {@code approveDataset}, with the bound of the duplicate check. */
  static String summary(SplitCounts c, long seed, int distinctRowLimit, String leftOut) {
    String duplicates = c.uncheckedRows() == 0
        ? String.format("%,d duplicate rows removed", c.duplicatesRemoved())
        : String.format("%,d duplicate rows removed among the first %,d distinct rows; the %,d rows after them were"
            + " kept without a duplicate check (mlpm.datasets.distinct-rows), and identical rows always share a part,"
            + " so none straddle training and test", c.duplicatesRemoved(), distinctRowLimit, c.uncheckedRows());
    return String.format("%,d training, %,d validation and %,d test rows (seed %d); %s; %,d rows without a target"
        + " dropped; left out of the features: %s", c.train(), c.validation(), c.test(), seed, duplicates,
        c.droppedMissingTarget(), leftOut);
  }

  /** A comma-separated list or a JSON list of column names. */
  static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    String v = value.trim();
    if (v.startsWith("[")) {
      v = v.substring(1, v.endsWith("]") ? v.length() - 1 : v.length());
    }
    return Arrays.stream(v.split(",")).map(s -> s.trim().replaceAll("^\"|\"$", "")).filter(s -> !s.isEmpty())
        .toList();
  }
}
