package io.mlpm.project;

import io.mlpm.charter.Charter;
import io.mlpm.data.CsvDatasetReader;
import io.mlpm.data.DataTerms;
import io.mlpm.data.ProjectDataTerms;
import io.mlpm.training.DevelopmentTerms;
import io.mlpm.training.ProjectDevelopmentTerms;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The charter in force, read from the project's record, as the data and training steps need it. */
@Configuration
class CharterTerms {

  @Bean
  ProjectDataTerms dataTerms(ProjectRepository projects) {
    return key -> data(projects.charter(key));
  }

  @Bean
  ProjectDevelopmentTerms developmentTerms(ProjectRepository projects) {
    return key -> development(projects.charter(key));
  }

  static DataTerms data(Charter c) {
    return new DataTerms(c.targetColumn(), c.taskType(), CsvDatasetReader.delimiter(c.csvDelimiter()),
        c.seed() == null ? Charter.DEFAULT_SEED : c.seed(), c.excludedColumns(), c.qualityOverrides());
  }

  static DevelopmentTerms development(Charter c) {
    return new DevelopmentTerms(c.taskType(), c.algorithms(), c.tuningBudget(), c.excludedColumns(),
        c.successCriteria().get(0).metric());
  }
}
