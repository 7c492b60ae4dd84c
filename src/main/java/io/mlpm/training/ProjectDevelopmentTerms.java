package io.mlpm.training;

/** Port: the development terms of the charter in force for a project (the charter is kept above this package). */
@FunctionalInterface
public interface ProjectDevelopmentTerms {

  DevelopmentTerms of(String projectKey);
}
