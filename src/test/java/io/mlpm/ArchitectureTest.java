package io.mlpm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Feature code stays free of Camunda (only process/ and security/ talk to the engine), the
 * feature packages depend on each other without cycles, and process/ is in three parts: engine
 * adapters below, delegates and REST guards on them, the variable names shared by all.
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

  @ArchTest
  static final ArchRule noFeatureKnowsTheProcess = noClasses()
      .that().resideOutsideOfPackages("io.mlpm.process..")
      .should().dependOnClassesThat().resideInAPackage("io.mlpm.process..")
      .because("features ask the engine through ports of their own, which process/ implements");

  @ArchTest
  static final ArchRule engineAdaptersKnowNoDelegateOrGuard = noClasses()
      .that().resideInAPackage("io.mlpm.process.engine..")
      .should().dependOnClassesThat().resideInAnyPackage("io.mlpm.process.delegate..", "io.mlpm.process.rest..")
      .because("delegates (process.delegate) and REST guards (process.rest) build on the engine adapters, never"
          + " the other way");

  @ArchTest
  static final ArchRule delegatesAndGuardsAreApart = noClasses()
      .that().resideInAPackage("io.mlpm.process.delegate..")
      .should().dependOnClassesThat().resideInAPackage("io.mlpm.process.rest..")
      .because("a service task's step and a REST guard share only the engine adapters and the variable names");

  @ArchTest
  static final ArchRule guardsKnowNoDelegate = noClasses()
      .that().resideInAPackage("io.mlpm.process.rest..")
      .should().dependOnClassesThat().resideInAPackage("io.mlpm.process.delegate..")
      .because("a REST guard checks requests; what a step does is not its business");
}
