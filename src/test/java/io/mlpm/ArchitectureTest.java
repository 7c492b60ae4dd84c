package io.mlpm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Feature code stays free of Camunda (only process/ and security/ talk to the engine), and the
 * feature packages depend on each other without cycles.
 */
@AnalyzeClasses(packages = "io.mlpm", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule camundaOnlyInProcessAndSecurity = noClasses()
      .that().resideOutsideOfPackages("io.mlpm.process..", "io.mlpm.security..")
      .should().dependOnClassesThat().resideInAPackage("org.camunda..")
      .because("feature code is plain Java, tested without the engine (design.md)");

  @ArchTest
  static final ArchRule featurePackagesHaveNoCycles = slices().matching("io.mlpm.(*)..")
      .should().beFreeOfCycles()
      .because("each feature builds on the shared vocabulary (io.mlpm.ml) and on features below it, never back");
}
