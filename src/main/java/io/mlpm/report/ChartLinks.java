package io.mlpm.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The URLs of a report's charts. A column's chart is {@code charts/{column}.png} with the name
 * percent-encoded; names a path segment cannot carry (Tomcat refuses an encoded {@code /} or
 * {@code \}) or that would clash with {@code _target} go in a query parameter instead.
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

  static boolean fitsPathSegment(String column) {
    return !column.isEmpty() && column.indexOf('/') < 0 && column.indexOf('\\') < 0 && !column.equals(TARGET)
        && !column.equals(".") && !column.equals("..");
  }

  private static String encode(String value) {
    // Stricter than RFC 3986 needs: a raw ';' would start a path parameter, which servlets drop.
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
