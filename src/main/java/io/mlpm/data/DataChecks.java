package io.mlpm.data;

import io.mlpm.data.profile.DatasetProfile;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The data steps of a project, one call each: ingest, profile and judge, prepare. What the charter
 * says about the data is read by project key ({@link ProjectDataTerms}); the process carries only the
 * dataset it works on, its recorded version and the columns the steward chose to leave out.
 */
@Service
public class DataChecks {

  /**
   * A check's outcome, and whether it looked at the data: when it could not (the file changed or
   * vanished), what the last real check found unwaivable stays unwaivable.
   */
  public record Checked(DataCheckOutcome outcome, boolean lookedAtData) {}

  /**
   * A profile judged by the quality policy.
   *
   * @param columns the dataset's columns (null when it could not be profiled)
   * @param proposedExclusions id-like and constant columns, proposed for leaving out of the features
   */
  public record Judged(Checked check, List<String> columns, List<String> proposedExclusions) {}

  /**
   * A preparation: the recorded split and its summary for the steward, or the finding that says why
   * the dataset could not be prepared.
   */
  public record Prepared(RecordedSplit split, String summary, DataCheckOutcome failure) {}

  private final DataPreparationService data;
  private final ProjectDataTerms terms;

  public DataChecks(DataPreparationService data, ProjectDataTerms terms) {
    this.data = data;
    this.terms = terms;
  }

  /**
   * Reads, checks, profiles and fingerprints the file in one pass.
   *
   * @param changedNote why the approved file is back from model development (it changed); when
   *     given, nothing is read and the steward decides
   */
  public Checked ingest(String projectKey, String datasetUri, String changedNote) {
    if (changedNote != null && !changedNote.isBlank()) {
      return new Checked(data.changedAfterApproval(projectKey, datasetUri, changedNote), false);
    }
    DataTerms t = terms.of(projectKey);
    return new Checked(data.ingest(projectKey, datasetUri, t.delimiter(), t.targetColumn(), t.taskType()), true);
  }

  /**
   * Profiles the ingested version and judges it by the quality policy with the charter's thresholds.
   * Columns the steward left out are judged as absent: their findings go, the others stay.
   */
  public Judged profile(String projectKey, String datasetUri, long versionId, Collection<String> stewardExcluded,
      QualityPolicy policy) {
    DataTerms t = terms.of(projectKey);
    DataPreparationService.Profiled profiled = data.profile(projectKey, datasetUri, versionId, t.targetColumn(),
        t.taskType(), t.delimiter());
    if (profiled.profile() == null) {
      return new Judged(new Checked(data.unusable(projectKey, datasetUri, versionId, profiled.problem()), false), null,
          List.of());
    }
    List<String> columns = profiled.profile().columns().stream().map(c -> c.name()).toList();
    DatasetProfile profile = profiled.profile().without(List.copyOf(stewardExcluded));
    List<PolicyHit> hits = policy.hits(QualityFindings.policyInputs(profile, t.taskType(), t.qualityOverrides()));
    List<Finding> sentences = QualityFindings.describe(hits, profile, t.targetColumn());
    DataCheckOutcome outcome = data.recordProfile(projectKey, datasetUri, versionId, profile, sentences);
    Set<String> proposed = new LinkedHashSet<>(profile.idLikeColumns());
    proposed.addAll(profile.constantColumns());
    proposed.remove(t.targetColumn());
    return new Judged(new Checked(outcome, true), columns, List.copyOf(proposed));
  }

  /**
   * Duplicates removed, the profile's proposed, the charter's and the steward's exclusions left out,
   * a seeded stratified split, recorded for later rebuilds. A file that vanished or changed since it
   * was checked, or a target no longer in it, is a finding for the steward, not an error.
   */
  public Prepared prepare(String projectKey, String datasetUri, long versionId, Collection<String> proposedExclusions,
      Collection<String> stewardExcluded) {
    return prepare(projectKey, datasetUri, versionId, proposedExclusions, stewardExcluded, false);
  }

  /**
   * @param waived whether a steward waived the version's failed checks: when the duplicate rows
   *     check was among them, the repeated rows are real observations (a survey's identical answers,
   *     a panel's repeated years) and are kept, since removing them would change the data the
   *     steward accepted; identical rows still share their part, so none straddle training and test
   */
  public Prepared prepare(String projectKey, String datasetUri, long versionId, Collection<String> proposedExclusions,
      Collection<String> stewardExcluded, boolean waived) {
    DataTerms t = terms.of(projectKey);
    Set<String> excluded = new LinkedHashSet<>(proposedExclusions);
    excluded.addAll(t.excludedColumns());
    excluded.addAll(stewardExcluded);
    excluded.remove(t.targetColumn());
    PreparationPlan plan = new PreparationPlan(t.targetColumn(), t.taskType(), List.copyOf(excluded), t.seed(),
        PreparationPlan.TEST_RATIO, PreparationPlan.VALIDATION_RATIO, t.delimiter());
    boolean keepDuplicates = waived && data.latestFailed(projectKey, versionId, DUPLICATE_ROWS);
    RecordedSplit split;
    try {
      split = data.prepare(projectKey, datasetUri, versionId, plan, keepDuplicates);
    } catch (DatasetFormatException | DatasetChangedException | UncheckedIOException
        | IllegalArgumentException e) { // a path outside the root (InvalidDatasetPathException) or a target not in the file
      Finding gone = new Finding("readable", null, Severity.FAIL, "The dataset '" + datasetUri
          + "' could not be prepared: " + e.getMessage(), null, null);
      return new Prepared(null, null, new DataCheckOutcome(Severity.FAIL, List.of(gone), null, null, gone.message()));
    }
    return new Prepared(split, summary(split.counts(), split.seed(), keepDuplicates ? null : data.distinctRowLimit(),
        excluded.isEmpty() ? "none" : String.join(", ", excluded)), null);
  }

  /** The quality check whose waiver keeps repeated rows. */
  static final String DUPLICATE_ROWS = "duplicate_rows";

  /**
   * The split as the steward reads it on {@code approveDataset}, with the bound of the duplicate check.
   *
   * @param distinctRowLimit null when repeated rows were kept (their finding waived)
   */
  static String summary(SplitCounts c, long seed, Integer distinctRowLimit, String leftOut) {
    String duplicates = distinctRowLimit == null
        ? "repeated rows kept, as the waiver of the duplicate rows finding accepted them (identical rows share a"
            + " part, so none straddle training and test)"
        : c.uncheckedRows() == 0
        ? String.format("%,d duplicate rows removed", c.duplicatesRemoved())
        : String.format("%,d duplicate rows removed among the first %,d distinct rows; the %,d rows after them were"
            + " kept without a duplicate check (mlpm.datasets.distinct-rows), and identical rows always share a part,"
            + " so none straddle training and test", c.duplicatesRemoved(), distinctRowLimit, c.uncheckedRows());
    return String.format("%,d training, %,d validation and %,d test rows (seed %d); %s; %,d rows without a target"
        + " dropped; left out of the features: %s", c.train(), c.validation(), c.test(), seed, duplicates,
        c.droppedMissingTarget(), leftOut);
  }

  /** Column names as a process or a form carries them: comma separated, or a JSON list. */
  public static List<String> columnList(String value) {
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
