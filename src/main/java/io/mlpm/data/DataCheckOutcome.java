package io.mlpm.data;

import java.util.List;

/** What ingesting or checking a dataset found, for the steward and the process. */
public record DataCheckOutcome(Severity verdict, List<Finding> findings, Long datasetVersionId, String sha256,
    String summary) {}
