package io.mlpm.data.profile;

/** What a column holds, inferred from its values while profiling. */
public enum ColumnType {
  NUMERIC,
  INTEGER,
  BOOLEAN,
  DATE,
  CATEGORICAL,
  TEXT,
  /** Unique or nearly unique values with no predictive meaning (keys, UUIDs, row numbers). */
  ID_LIKE
}
