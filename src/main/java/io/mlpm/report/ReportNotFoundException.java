package io.mlpm.report;

/** Nothing to report: no such project, no profile yet, or no such column. Answered with 404. */
public class ReportNotFoundException extends RuntimeException {

  public ReportNotFoundException(String message) {
    super(message);
  }
}
