package io.mlpm.report;

import io.mlpm.data.profile.DatasetProfile;
import java.util.List;
import java.util.Map;

/**
 * Everything the data report shows: the project, the profiled file and its profile, and the data
 * check findings, each a map with {@code severity}, {@code check}, {@code column}, {@code message}.
 * {@code newerProblem} says why a file checked after this profile could not be used (null when
 * the profile is of the project's latest file), so that nobody takes the profile for that file's.
 */
public record ReportData(String projectKey, String projectName, String datasetUri, String sha256,
    DatasetProfile profile, List<Map<String, Object>> findings, String verdict, String newerProblem) {

  public ReportData {
    findings = findings == null ? List.of() : findings;
  }
}
