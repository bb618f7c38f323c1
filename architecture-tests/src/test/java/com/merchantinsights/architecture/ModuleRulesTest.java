package com.merchantinsights.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.archfixture.CoreReadingJdbc;
import com.merchantinsights.etl.archfixture.EtlImportingTheCli;
import com.merchantinsights.events.archfixture.EventsApiImportingTheInsightsApi;
import com.merchantinsights.insights.archfixture.InsightsApiImportingTheEtl;
import com.merchantinsights.stack.archfixture.StackStartingATestDatabase;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules hold for the production classes of every module, and each one fails on a class that breaks it: the
 * fixtures are compiled here, in the packages of the modules they pretend to belong to, and never shipped.
 */
class ModuleRulesTest {
    private static JavaClasses production;

    @BeforeAll
    static void importTheRepository() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.merchantinsights");
    }

    @Test
    void everyModulesClassesAreImported() {
        List<String> modules = new ArrayList<>(ModuleRules.LIBRARIES);
        modules.addAll(ModuleRules.DEPLOYABLES);
        modules.addAll(ModuleRules.TOOLS);
        modules.addAll(ModuleRules.TEST_SUPPORT);
        for (String module : modules) {
            String prefix = module.substring(0, module.length() - 2) + ".";
            assertThat(production.stream()
                            .filter(c -> c.getPackageName().concat(".").startsWith(prefix))
                            .count())
                    .as(module)
                    .isGreaterThan(0);
        }
    }

    @Test
    void theProductionClassesKeepEveryRule() {
        for (ArchRule rule : ModuleRules.ALL) {
            rule.check(production);
        }
    }

    @Test
    void coreReadingJdbcBreaksTheCoreRule() {
        assertBroken(ModuleRules.CORE_IS_FRAMEWORK_FREE, CoreReadingJdbc.class, "java.sql.Connection");
    }

    @Test
    void aDeployableImportingAnotherBreaksTheDeployableRule() {
        assertBroken(
                ModuleRules.DEPLOYABLES_ARE_INDEPENDENT,
                EventsApiImportingTheInsightsApi.class,
                "com.merchantinsights.insights");
    }

    @Test
    void aLibraryImportingAToolBreaksTheLibrariesRule() {
        assertBroken(
                ModuleRules.LIBRARIES_IMPORT_NOTHING_ABOVE_THEM, EtlImportingTheCli.class, "com.merchantinsights.cli");
    }

    @Test
    void theInsightsApiImportingTheEtlBreaksItsRule() {
        assertBroken(
                ModuleRules.INSIGHTS_API_READS_CUBES_ONLY,
                InsightsApiImportingTheEtl.class,
                "com.merchantinsights.etl");
    }

    @Test
    void aProductionClassUsingATestFixtureBreaksTheFixturesRule() {
        assertBroken(
                ModuleRules.TEST_FIXTURES_STAY_IN_TESTS,
                StackStartingATestDatabase.class,
                "com.merchantinsights.testing");
    }

    private static void assertBroken(ArchRule rule, Class<?> fixture, String named) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(fixture));
        assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains(named));
    }
}
