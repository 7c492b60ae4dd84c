package io.mlpm.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The URLs of a report's charts. A column's chart is {@code charts/{column}.png} with the name
 * a plain name (letters, digits, '_', '-'); any other name, or one that would clash with
 * {@code _target}, goes in a query parameter instead.
 */
final class ChartLinks {

  static final String TARGET = "_target";

  private ChartLinks() {}

  static String report(String projectKey) {
    return "/api/projects/" + encode(projectKey) + "/data-report";
  }

  static String target(String projectKey) {
    return report(projectKey) + "/charts/" + TARGET + ".png";
  }

  static String column(String projectKey, String column) {
    if (fitsPathSegment(column)) {
      return report(projectKey) + "/charts/" + encode(column) + ".png";
    }
    return report(projectKey) + "/chart.png?column=" + encode(column);
  }

  /**
   * Only names that need no encoding: the firewall refuses a path with ';', an encoded '/', '\\',
   * '.' or '%', and a broken chart image silently disables Tasklist's Complete button.
   */
  static boolean fitsPathSegment(String column) {
    return SIMPLE.matcher(column).matches() && !column.equals(TARGET);
  }

  private static final java.util.regex.Pattern SIMPLE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,200}");

  private static String encode(String value) {
    // Stricter than RFC 3986 needs: a raw ';' would start a path parameter, which servlets drop.
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
