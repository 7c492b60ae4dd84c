package io.mlpm.data;

import io.mlpm.charter.TaskType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The data checks run before training; each problem becomes a {@link Finding}. */
public final class DataQualityChecks {

  public List<Finding> check(Dataset d, String targetColumn, TaskType type, DataCheckPolicy p) {
    List<Finding> findings = new ArrayList<>();
    int target = d.columnIndex(targetColumn);
    if (target < 0) {
      findings.add(
          new Finding("target_column", targetColumn, Severity.FAIL,
              "Target column '" + targetColumn + "' is not in the dataset; its columns are "
                  + d.columns() + ".", null, null));
    }
    checkRowCount(d, p, findings);
    checkMissing(d, target, p, findings);
    checkDuplicates(d, p, findings);
    if (target >= 0) {
      checkTargetMissing(d, target, findings);
      if (type == TaskType.CLASSIFICATION) {
        checkClasses(d, target, findings);
      } else {
        checkNumericTarget(d, target, findings);
      }
    }
    if (verdict(findings) != Severity.FAIL) {
      long warnings = findings.stream().filter(f -> f.severity() == Severity.WARN).count();
      String tail = warnings == 0 ? "no problems found." : warnings + " warning(s), none blocking.";
      findings.add(new Finding("summary", null, Severity.PASS,
          d.size() + " rows and " + d.columns().size() + " columns checked; " + tail,
          (double) d.size(), null));
    }
    return findings;
  }

  /** The worst severity among the findings; PASS for none. */
  public static Severity verdict(List<Finding> findings) {
    return findings.stream()
        .map(Finding::severity)
        .max(Comparator.naturalOrder())
        .orElse(Severity.PASS);
  }

  private static void checkRowCount(Dataset d, DataCheckPolicy p, List<Finding> out) {
    if (d.size() < p.minRows()) {
      out.add(new Finding("min_rows", null, Severity.FAIL,
          "The dataset has " + d.size() + " rows, fewer than the required " + p.minRows() + ".",
          (double) d.size(), (double) p.minRows()));
    }
  }

  private static void checkMissing(Dataset d, int target, DataCheckPolicy p, List<Finding> out) {
    if (d.size() == 0) {
      return;
    }
    for (int c = 0; c < d.columns().size(); c++) {
      if (c == target) {
        continue; // reported by checkTargetMissing: those rows are dropped, not imputed
      }
      int missing = 0;
      for (String[] row : d.rows()) {
        if (row[c] == null) {
          missing++;
        }
      }
      double ratio = (double) missing / d.size();
      String name = d.columns().get(c);
      if (ratio > p.maxMissingRatio()) {
        out.add(new Finding("missing_values", name, Severity.FAIL,
            "Column '" + name + "' is " + pct(ratio) + " empty, above the allowed "
                + pct(p.maxMissingRatio()) + ".", ratio, p.maxMissingRatio()));
      } else if (missing > 0) {
        out.add(new Finding("missing_values", name, Severity.WARN,
            "Column '" + name + "' is " + pct(ratio) + " empty (" + missing
                + " cells), within the allowed " + pct(p.maxMissingRatio())
                + "; empty cells will be filled in.", ratio, p.maxMissingRatio()));
      }
    }
  }

  private static void checkDuplicates(Dataset d, DataCheckPolicy p, List<Finding> out) {
    if (d.size() == 0) {
      return;
    }
    // 128-bit row digests instead of the rows themselves: memory stays small on large files.
    Set<RowKey> seen = new HashSet<>();
    MessageDigest digest = sha256();
    int duplicates = 0;
    for (String[] row : d.rows()) {
      if (!seen.add(RowKey.of(digest, row))) {
        duplicates++;
      }
    }
    double ratio = (double) duplicates / d.size();
    if (ratio > p.maxDuplicateRatio()) {
      out.add(new Finding("duplicate_rows", null, Severity.FAIL,
          duplicates + " rows (" + pct(ratio) + ") repeat an earlier row, above the allowed "
              + pct(p.maxDuplicateRatio()) + ".", ratio, p.maxDuplicateRatio()));
    } else if (duplicates > 0) {
      out.add(new Finding("duplicate_rows", null, Severity.WARN,
          duplicates + " rows (" + pct(ratio) + ") repeat an earlier row, within the allowed "
              + pct(p.maxDuplicateRatio()) + ".", ratio, p.maxDuplicateRatio()));
    }
  }

  private static void checkTargetMissing(Dataset d, int target, List<Finding> out) {
    long missing = d.rows().stream().filter(r -> r[target] == null).count();
    if (missing > 0) {
      String name = d.columns().get(target);
      double ratio = (double) missing / d.size();
      out.add(new Finding("target_missing", name, Severity.WARN,
          "Target column '" + name + "' is empty in " + missing + " rows (" + pct(ratio)
              + "); those rows will be left out of training and testing.", ratio, null));
    }
  }

  private static void checkClasses(Dataset d, int target, List<Finding> out) {
    Set<String> classes = new HashSet<>();
    for (String[] row : d.rows()) {
      if (row[target] != null) {
        classes.add(row[target]);
      }
    }
    if (classes.size() < 2) {
      String name = d.columns().get(target);
      out.add(new Finding("target_classes", name, Severity.FAIL,
          "Target column '" + name + "' has " + classes.size()
              + " distinct class(es); classification needs at least 2.",
          (double) classes.size(), 2.0));
    }
  }

  private static void checkNumericTarget(Dataset d, int target, List<Finding> out) {
    int bad = 0;
    String example = null;
    int exampleRow = 0;
    for (int i = 0; i < d.size(); i++) {
      String cell = d.rows().get(i)[target];
      if (cell != null && Cells.number(cell) == null) {
        if (bad++ == 0) {
          example = cell;
          exampleRow = i + 1;
        }
      }
    }
    if (bad > 0) {
      String name = d.columns().get(target);
      out.add(new Finding("target_numeric", name, Severity.FAIL,
          "Target column '" + name + "' has " + bad + " values that are not numbers (first: '"
              + example + "' in data row " + exampleRow + "); regression needs numbers.",
          (double) bad, 0.0));
    }
  }

  private static String pct(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** First 128 bits of a SHA-256 over the row; cells are length-prefixed so "a","bc" != "ab","c". */
  private record RowKey(long high, long low) {
    static RowKey of(MessageDigest digest, String[] row) {
      for (String cell : row) {
        if (cell == null) {
          digest.update((byte) 0);
        } else {
          byte[] bytes = cell.getBytes(StandardCharsets.UTF_8);
          digest.update((byte) 1);
          digest.update(intBytes(bytes.length));
          digest.update(bytes);
        }
      }
      byte[] h = digest.digest();
      return new RowKey(toLong(h, 0), toLong(h, 8));
    }

    private static byte[] intBytes(int v) {
      return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static long toLong(byte[] b, int off) {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[off + i] & 0xff);
      }
      return v;
    }
  }
}
