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

  public ColumnProfile column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }
}
