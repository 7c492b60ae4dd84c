package io.mlpm.data.profile;

import java.util.List;

/** The one-pass profile of a dataset file, as the quality policy and the data report read it. */
public record DatasetProfile(
    long rows,
    int columnCount,
    /** Rows that repeat an earlier row (exact up to a bound, then estimated). */
    long duplicateRows,
    double duplicateRatio,
    List<ColumnProfile> columns,
    TargetProfile target,
    List<String> constantColumns,
    List<String> idLikeColumns,
    List<LeakageSuspect> leakageSuspects) {

  /**
   * The profile as if the named columns were not in the file: the checks then judge the data the
   * model will see. Duplicate rows stay as counted over all columns (preparation removes the
   * duplicates that leaving a column out creates).
   */
  public DatasetProfile without(java.util.Collection<String> excluded) {
    if (excluded.isEmpty()) {
      return this;
    }
    java.util.Set<String> out = java.util.Set.copyOf(excluded);
    List<ColumnProfile> kept = columns.stream().filter(c -> !out.contains(c.name())).toList();
    return new DatasetProfile(rows, kept.size(), duplicateRows, duplicateRatio, kept, target,
        constantColumns.stream().filter(c -> !out.contains(c)).toList(),
        idLikeColumns.stream().filter(c -> !out.contains(c)).toList(),
        leakageSuspects.stream().filter(l -> !out.contains(l.column())).toList());
  }

  public ColumnProfile column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }
}
