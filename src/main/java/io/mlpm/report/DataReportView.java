package io.mlpm.report;

import io.mlpm.data.profile.DatasetProfile;
import io.mlpm.data.profile.TargetProfile;
import java.util.List;
import java.util.Map;

/** What {@code data-report.html} shows, built from a project's latest profile. */
public record DataReportView(String projectKey, String projectName, String datasetUri, String sha256,
    String verdict, String rows, String columnCount, String duplicates, List<Map<String, Object>> findings,
    Target target, List<ColumnRow> columns, List<String> constantColumns, List<String> idLikeColumns,
    List<String> leakageSuspects, String newerProblem) {

  /** The target column and its class counts ({@code null} when the profile has no target). */
  public record Target(String column, boolean present, Map<String, Long> classCounts, String minorityShare,
      String missing, String chartUrl) {}

  static DataReportView of(ReportData data) {
    DatasetProfile p = data.profile();
    String key = data.projectKey();
    return new DataReportView(key, data.projectName(), data.datasetUri(), data.sha256(), data.verdict(),
        Figures.count(p.rows()), Figures.count(p.columnCount()),
        Figures.count(p.duplicateRows()) + " (" + Figures.percent(p.duplicateRatio()) + ")",
        data.findings(), target(key, p.target()),
        p.columns() == null ? List.of() : p.columns().stream().map(c -> ColumnRow.of(key, c)).toList(),
        orEmpty(p.constantColumns()), orEmpty(p.idLikeColumns()),
        p.leakageSuspects() == null ? List.of() : p.leakageSuspects().stream()
            .map(s -> s.column() + " (" + s.measure() + " " + Figures.number(s.score()) + ")").toList(),
        data.newerProblem());
  }

  private static Target target(String key, TargetProfile t) {
    if (t == null) {
      return null;
    }
    boolean hasClasses = t.classCounts() != null && !t.classCounts().isEmpty();
    return new Target(t.column(), t.present(), hasClasses ? t.classCounts() : Map.of(),
        t.minorityClassRatio() == null ? "" : Figures.percent(t.minorityClassRatio()), Figures.count(t.missing()),
        hasClasses ? ChartLinks.target(key) : null);
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
