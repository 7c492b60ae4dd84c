package io.mlpm.charter;

import io.mlpm.ml.SuccessCriterion;
import io.mlpm.ml.TaskType;
import java.util.List;

/** A validated project charter: the business problem, who sponsors it and how success is measured. */
public record Charter(
    String projectName,
    String businessProblem,
    String sponsor,
    String datasetUri,
    String targetColumn,
    TaskType taskType,
    List<SuccessCriterion> successCriteria,
    String sensitiveAttribute,
    int maxIterations,
    /** low, medium or high; high-risk deployments need a compliance co-sign. */
    String riskLevel,
    /** Days each sign-off of the project may wait (its tasks' due date); null for the configured defaults. */
    Integer signOffDays) {

  public static final int DEFAULT_MAX_ITERATIONS = 3;
}
