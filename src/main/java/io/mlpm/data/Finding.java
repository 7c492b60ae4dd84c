package io.mlpm.data;

/**
 * One result of a data check, shown to the data steward as a table row.
 *
 * @param check short code of the check, e.g. {@code missing_values}
 * @param column the column concerned, or {@code null} for the dataset as a whole
 * @param message a full sentence naming the column, the figure and the threshold
 * @param value the measured figure, if any
 * @param threshold the allowed limit, if any
 */
public record Finding(
    String check, String column, Severity severity, String message, Double value, Double threshold) {}
