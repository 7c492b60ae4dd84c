package io.mlpm.data;

import io.mlpm.ml.TaskType;
import java.util.List;
import java.util.Map;

/**
 * What a project's charter in force says about its data, as the data steps read it by project key
 * ({@link ProjectDataTerms}): never from what the process carries.
 *
 * @param delimiter the declared CSV separator, or null to detect it
 * @param excludedColumns the columns the charter leaves out of the features
 * @param qualityOverrides the charter's thresholds for the quality policy, by name ({@link QualityFindings#OVERRIDES})
 */
public record DataTerms(String targetColumn, TaskType taskType, Character delimiter, long seed,
    List<String> excludedColumns, Map<String, Double> qualityOverrides) {

  public DataTerms {
    excludedColumns = excludedColumns == null ? List.of() : List.copyOf(excludedColumns);
    qualityOverrides = qualityOverrides == null ? Map.of() : Map.copyOf(qualityOverrides);
  }
}
