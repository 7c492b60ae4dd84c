package io.mlpm.data;

/** Outcome of one data check, in increasing order of gravity. */
public enum Severity {
  PASS,
  WARN,
  FAIL
}
