package io.mlpm.modelcard;

import java.util.List;
import java.util.Map;

/**
 * Everything the model card page shows, already formatted as text (the template only places and
 * escapes it).
 */
public record ModelCard(
    IntendedUse intendedUse,
    ModelFacts model,
    DataFacts data,
    List<MetricRow> metrics,
    List<CriterionRow> criteria,
    String verdict,
    boolean hasReport,
    List<String> charts,
    Table confusion,
    String importanceNote,
    Table importance,
    Fairness fairness,
    List<String> limitations,
    Provenance provenance,
    Table stageTransitions,
    Table audit) {

  /** From the charter. */
  public record IntendedUse(String projectKey, String projectName, String businessProblem, String sponsor,
      String target, String taskType, String sensitiveAttribute, String riskLevel, List<String> successCriteria,
      String status, String phase) {}

  public record ModelFacts(long id, String version, String stage, String algorithm, int iteration,
      String createdAt, String approvedBy) {}

  /**
   * What the model learnt from; unknown values are null. {@code stewardDecisions}: the data
   * steward's waivers and exclusions on this dataset (who, when, why).
   */
  public record DataFacts(String datasetSha256, String datasetUri, Long datasetRows, Integer datasetColumns,
      Integer trainRows, Integer validationRows, Integer testRows, Integer duplicatesRemoved,
      Integer droppedRows, Long splitSeed, List<String> featureColumns, List<String> leftOut,
      List<String> stewardDecisions, String trainingRowsUsed, String evaluationRowsUsed) {}

  public record MetricRow(String name, String value) {}

  public record CriterionRow(String metric, String requirement, String value, boolean met, String message) {}

  /** A plain table of text cells. */
  public record Table(List<String> header, List<List<String>> rows) {

    public boolean isEmpty() {
      return rows.isEmpty();
    }
  }

  public record Fairness(String attribute, String summary, String note, Table groups) {}

  /**
   * @param code which code trained it: the application's version and commit, or the repository and
   *     commit an external trainer reported
   * @param artifact an external model's artifact (its declared format, opaque here); null for a Tribuo model
   */
  public record Provenance(String algorithm, Map<String, String> parameters, long seed, String tribuoProvenance,
      Map<String, String> libraries, String code, String artifact) {}
}
