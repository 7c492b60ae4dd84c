package io.mlpm.data;

import io.mlpm.data.profile.ColumnProfile;
import io.mlpm.data.profile.ColumnType;
import io.mlpm.data.profile.DatasetProfile;
import io.mlpm.data.profile.LeakageSuspect;
import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Between the profile and the quality policy (a DMN table): the figures the policy decides on,
 * and the policy's verdicts turned into sentences a data steward reads, naming column, figure and
 * threshold.
 */
public final class QualityFindings {

  /** The check of a data step that gave up (failed on every attempt, or too big for the node's memory). */
  public static final String STEP_FAILED = "step_failed";
  /** The charter's override of the policy's minimum row count. */
  public static final String MIN_ROWS = "minRows";
  /** The charter's overrides of the policy's ratio thresholds, each from 0 to 1. */
  public static final List<String> RATIO_OVERRIDES = List.of("maxMissingRatio", "maxDuplicateRatio", "minClassRatio",
      "maxOutlierRatio");
  /** Every threshold a charter may override, by the name of the policy's input (null there: the table's default). */
  public static final List<String> OVERRIDES = java.util.stream.Stream.concat(java.util.stream.Stream.of(MIN_ROWS),
      RATIO_OVERRIDES.stream()).toList();
  /**
   * Failed checks that make the project impossible on this dataset: no reason can waive them;
   * {@code changed}: the approved file changed after its sign-off, only a new check can pass it.
   */
  private static final Set<String> UNWAIVABLE = Set.of("target_column", "target_numeric", "target_classes",
      "changed", STEP_FAILED);

  private QualityFindings() {}

  /**
   * Whether a steward may waive the finding: not when no model could be trained on the data (the
   * target is missing, not numeric for regression, or a single class; no rows at all).
   */
  public static boolean waivable(Finding f) {
    if (f.severity() != Severity.FAIL) {
      return true;
    }
    boolean noRows = "min_rows".equals(f.check()) && f.value() != null && f.value() == 0;
    return !UNWAIVABLE.contains(f.check()) && !noRows;
  }

  /** The policy's inputs: the profile's figures and the charter's thresholds ({@link #OVERRIDES}). */
  public static Map<String, Object> policyInputs(DatasetProfile p, TaskType taskType, Map<String, Double> overrides) {
    Map<String, Object> in = policyInputs(p, taskType);
    OVERRIDES.forEach(name -> in.put(name, overrides.get(name)));
    return in;
  }

  /** The policy's inputs computed from the profile. */
  public static Map<String, Object> policyInputs(DatasetProfile p, TaskType taskType) {
    Map<String, Object> in = new HashMap<>();
    in.put("targetPresent", p.target() != null && p.target().present());
    in.put("rows", p.rows());
    in.put("worstMissingRatio", p.columns().stream().mapToDouble(ColumnProfile::missingRatio).max().orElse(0));
    in.put("duplicateRatio", p.duplicateRatio());
    in.put("taskType", taskType.code());
    in.put("targetClasses", p.target() == null || p.target().classCounts() == null ? 0
        : p.target().classCounts().size());
    in.put("minorityClassRatio", p.target() == null ? null : p.target().minorityClassRatio());
    in.put("leakageSuspects", p.leakageSuspects().size());
    in.put("constantColumns", p.constantColumns().size());
    in.put("idLikeColumns", p.idLikeColumns().size());
    in.put("worstOutlierRatio", p.columns().stream().mapToDouble(ColumnProfile::outlierRatio).max().orElse(0));
    in.put("targetMissing", p.target() == null ? 0L : p.target().missing());
    ColumnProfile target = p.target() == null ? null : p.column(p.target().column());
    in.put("targetNumeric", target != null && (target.type() == ColumnType.NUMERIC
        || target.type() == ColumnType.INTEGER));
    return in;
  }

  /** One or more sentences per matched rule, worst first, and a closing summary. */
  public static List<Finding> describe(List<PolicyHit> hits, DatasetProfile p, String targetColumn) {
    List<Finding> findings = new ArrayList<>();
    for (PolicyHit hit : hits) {
      findings.addAll(sentences(hit, p, targetColumn));
    }
    findings.sort(Comparator.comparing((Finding f) -> f.severity().ordinal()).reversed());
    long failed = findings.stream().filter(f -> f.severity() == Severity.FAIL).count();
    long warned = findings.stream().filter(f -> f.severity() == Severity.WARN).count();
    String summary = String.format(Locale.ROOT, "%,d rows and %d columns profiled: %d failed check(s), %d warning(s).",
        p.rows(), p.columnCount(), failed, warned);
    findings.add(new Finding("summary", null, failed > 0 ? Severity.FAIL : warned > 0 ? Severity.WARN : Severity.PASS,
        summary, (double) p.rows(), null));
    return findings;
  }

  private static List<Finding> sentences(PolicyHit hit, DatasetProfile p, String target) {
    Severity s = hit.severity();
    Double t = hit.threshold();
    List<Finding> out = new ArrayList<>();
    switch (hit.check()) {
      case "target_column" -> out.add(new Finding(hit.check(), target, s, "The target column '" + target
          + "' is not in the dataset; its columns are " + names(p) + ".", null, null));
      case "min_rows" -> out.add(new Finding(hit.check(), null, s, String.format(Locale.ROOT,
          "The dataset has %,d rows; the policy needs at least %s to train and test a model.", p.rows(), num(t)),
          (double) p.rows(), t));
      case "missing_values" -> {
        for (ColumnProfile c : p.columns()) {
          if (c.missing() == 0) {
            continue;
          }
          boolean above = t != null && c.missingRatio() > t;
          if (s == Severity.FAIL && !above) {
            continue;
          }
          out.add(new Finding(hit.check(), c.name(), above ? Severity.FAIL : Severity.WARN, String.format(Locale.ROOT,
              "Column '%s' is %s empty (%,d of %,d rows), %s the allowed %s%s", c.name(), pct(c.missingRatio()),
              c.missing(), p.rows(), above ? "above" : "within", pct(t),
              above ? "." : "; the gaps are imputed in preparation."), c.missingRatio(), t));
        }
      }
      case "duplicate_rows" -> out.add(new Finding(hit.check(), null, s, String.format(Locale.ROOT,
          "%,d rows (%s) repeat an earlier row, %s the allowed %s%s", p.duplicateRows(), pct(p.duplicateRatio()),
          s == Severity.FAIL ? "above" : "within", pct(t), s == Severity.FAIL
              ? "; waived, they are kept as real observations (removing them would change the data), else remove"
                  + " them at the source." : "; duplicates are removed in preparation."), p.duplicateRatio(), t));
      case "target_classes" -> out.add(new Finding(hit.check(), target, s, "The target '" + target + "' has "
          + classes(p) + "; classification needs at least 2 classes.", null, t));
      case "class_balance" -> {
        var counts = p.target().classCounts();
        var smallest = counts.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        out.add(new Finding(hit.check(), target, s, String.format(Locale.ROOT,
            "The smallest class '%s' of '%s' has only %,d rows (%s), below the %s the policy expects.",
            smallest.getKey(), target, smallest.getValue(), pct(p.target().minorityClassRatio()), pct(t)),
            p.target().minorityClassRatio(), t));
      }
      case "target_numeric" -> {
        ColumnProfile c = p.column(target);
        out.add(new Finding(hit.check(), target, s, "The target '" + target + "' is not numeric (it looks "
            + (c == null ? "absent" : c.type().name().toLowerCase(Locale.ROOT)) + "); regression needs numbers.",
            null, null));
      }
      case "leakage" -> {
        for (LeakageSuspect l : p.leakageSuspects()) {
          out.add(new Finding(hit.check(), l.column(), s, String.format(Locale.ROOT,
              "Column '%s' alone predicts '%s' with %s %.3f (limit %s): it may be derived from the target (leakage)."
                  + " Remove it, or waive with a reason if it will be known at prediction time.",
              l.column(), target, l.measure(), l.score(), num(t)), l.score(), t));
        }
      }
      case "constant_columns" -> p.constantColumns().forEach(c -> out.add(new Finding(hit.check(), c, s,
          "Column '" + c + "' has the same value in every row; it is left out of the features.", null, null)));
      case "id_like_columns" -> p.idLikeColumns().forEach(c -> {
        ColumnProfile col = p.column(c);
        out.add(new Finding(hit.check(), c, s, String.format(Locale.ROOT,
            "Column '%s' looks like an identifier (%,d distinct values in %,d rows); it is left out of the features.",
            c, col == null ? 0 : col.distinct(), p.rows()), null, null));
      });
      case "outliers" -> {
        for (ColumnProfile c : p.columns()) {
          if (t != null && c.outlierRatio() > t) {
            out.add(new Finding(hit.check(), c.name(), s, String.format(Locale.ROOT,
                "Column '%s' has %,d values (%s) far outside its usual range (beyond 3 IQR), above the %s"
                    + " the policy expects; check units and data entry.", c.name(), c.outliers(),
                pct(c.outlierRatio()), pct(t)), c.outlierRatio(), t));
          }
        }
      }
      case "target_missing" -> out.add(new Finding(hit.check(), target, s, String.format(Locale.ROOT,
          "%,d rows have no value in the target '%s'; they are dropped in preparation.", p.target().missing(), target),
          (double) p.target().missing(), null));
      default -> out.add(new Finding(hit.check(), null, s, "The data quality policy flagged '" + hit.check() + "'.",
          null, t));
    }
    return out;
  }

  private static String names(DatasetProfile p) {
    return String.join(", ", p.columns().stream().map(c -> "'" + c.name() + "'").toList());
  }

  private static String classes(DatasetProfile p) {
    var counts = p.target().classCounts();
    return counts.isEmpty() ? "no values" : "only the class '" + counts.keySet().iterator().next() + "'";
  }

  private static String pct(Double ratio) {
    return ratio == null ? "?" : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static String num(Double v) {
    if (v == null) {
      return "?";
    }
    return v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v);
  }
}
