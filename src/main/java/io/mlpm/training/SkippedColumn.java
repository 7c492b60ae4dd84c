package io.mlpm.training;

/** A column that training left out, and why (recorded so reports can say so). */
public record SkippedColumn(String name, String reason) {}
