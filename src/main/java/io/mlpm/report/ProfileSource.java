package io.mlpm.report;

import java.util.Optional;

/** Where the data report finds a project's latest dataset profile. */
public interface ProfileSource {

  /** The newest profile of the project, or empty when the project has none (or does not exist). */
  Optional<ReportData> latest(String projectKey);
}
