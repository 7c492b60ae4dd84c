package io.mlpm.data;

import java.util.List;

/**
 * A table held in memory: header names and rows of cells. A missing cell is {@code null}; rows
 * always have exactly {@code columns.size()} cells.
 */
public record Dataset(List<String> columns, List<String[]> rows) {

  public Dataset {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** Index of the column, or -1 when there is no such column. */
  public int columnIndex(String name) {
    return columns.indexOf(name);
  }

  public int size() {
    return rows.size();
  }
}
