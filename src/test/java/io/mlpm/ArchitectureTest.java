package io.mlpm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Feature code stays free of Camunda: only process/ and security/ talk to the engine. */
@AnalyzeClasses(packages = "io.mlpm", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule camundaOnlyInProcessAndSecurity = noClasses()
      .that().resideOutsideOfPackages("io.mlpm.process..", "io.mlpm.security..")
      .should().dependOnClassesThat().resideInAPackage("org.camunda..")
      .because("feature code is plain Java, tested without the engine (design.md)");
}
