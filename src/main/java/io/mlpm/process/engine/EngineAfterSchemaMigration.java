package io.mlpm.process.engine;

import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * The engine starts after the database initializers (Flyway; on PostgreSQL also Liquibase, which
 * creates and upgrades the engine's own tables from Camunda's changelog): with
 * {@code database.schema-update: false} it only checks that its tables are there. Registered in
 * META-INF/spring.factories.
 */
public class EngineAfterSchemaMigration extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

  @Override
  protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
    return Set.of(ProcessEngine.class);
  }
}
