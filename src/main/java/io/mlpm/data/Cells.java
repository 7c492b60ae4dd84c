package io.mlpm.data;

/** How cell text is read, shared by the checks, the splitter and training so they agree. */
public final class Cells {

  private Cells() {}

  /** The cell as stored: stripped, and {@code null} when empty or whitespace only. */
  public static String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip();
    return s.isEmpty() ? null : s;
  }

  /** The finite number the cell holds, or {@code null} when it is missing or not a number. */
  public static Double number(String cell) {
    if (cell == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(cell.strip());
      // "NaN" and "Infinity" parse but cannot be trained on, so they do not count as numbers.
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
