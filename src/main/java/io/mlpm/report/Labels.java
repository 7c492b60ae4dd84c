package io.mlpm.report;

/** Values from untrusted files can be any length; a report shows a readable prefix. */
final class Labels {

  private Labels() {}

  static String shorten(String value, int max) {
    if (value == null) {
      return "(missing)";
    }
    if (value.isEmpty()) {
      return "(empty)";
    }
    return value.codePointCount(0, value.length()) <= max ? value
        : value.substring(0, value.offsetByCodePoints(0, max - 1)) + "…";
  }
}
