package io.mlpm.data;

/** One rule of the data quality policy that matched: which check, how bad, against which limit. */
public record PolicyHit(String check, Severity severity, Double threshold) {}
