package io.mlpm.data;

/** Port: the data terms of the charter in force for a project (the charter is kept above this package). */
@FunctionalInterface
public interface ProjectDataTerms {

  DataTerms of(String projectKey);
}
