package com.merchantinsights.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Core is the framework-free centre: it may use the JDK and nothing else, so every deployable can share it. */
class CoreLayeringTest {
    @Test
    void coreDependsOnTheJdkOnly() {
        noClasses().that().resideInAPackage("com.merchantinsights.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("com.merchantinsights.core..", "java..", "javax.crypto..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("com.merchantinsights.core"));
    }
}
