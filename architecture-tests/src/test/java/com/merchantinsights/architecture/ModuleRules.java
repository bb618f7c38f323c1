package com.merchantinsights.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * What each module may import (decision 0036), by the package every module's classes live in. Deployables: the
 * gateway, the events API, the insights API and the Spark jobs. Libraries: core, service-common, sample-data, stack,
 * stream-processor, cube-etl, reconciliation. Tools on top of both: the CLI (it hosts the services locally) and the
 * benchmarks. Test support: the shared fixtures of {@code testing}.
 */
final class ModuleRules {
    static final String CORE = "com.merchantinsights.core..";
    static final String SERVICE_COMMON = "com.merchantinsights.service..";
    static final String SAMPLE_DATA = "com.merchantinsights.sample..";
    static final String STACK = "com.merchantinsights.stack..";
    static final String STREAM = "com.merchantinsights.stream..";
    static final String ETL = "com.merchantinsights.etl..";
    static final String RECONCILIATION = "com.merchantinsights.reconcile..";
    static final String GATEWAY = "com.merchantinsights.gateway..";
    static final String EVENTS_API = "com.merchantinsights.events..";
    static final String INSIGHTS_API = "com.merchantinsights.insights..";
    static final String OPS_API = "com.merchantinsights.ops..";
    static final String SPARK_JOBS = "com.merchantinsights.sparkjobs..";
    static final String CLI = "com.merchantinsights.cli..";
    static final String BENCH = "com.merchantinsights.bench..";
    static final String TESTING = "com.merchantinsights.testing..";

    static final List<String> DEPLOYABLES = List.of(GATEWAY, EVENTS_API, INSIGHTS_API, OPS_API, SPARK_JOBS);
    static final List<String> LIBRARIES =
            List.of(CORE, SERVICE_COMMON, SAMPLE_DATA, STACK, STREAM, ETL, RECONCILIATION);
    static final List<String> TOOLS = List.of(CLI, BENCH);
    /** Test fixtures: a test-scoped dependency of the modules whose tests share them, never shipped. */
    static final List<String> TEST_SUPPORT = List.of(TESTING);

    /** Core is the framework-free domain: the JDK without JDBC, and nothing else (no Spark, Jackson, HTTP, engine client). */
    static final ArchRule CORE_IS_FRAMEWORK_FREE = noClasses()
            .that()
            .resideInAPackage(CORE)
            .should()
            .dependOnClassesThat(resideOutsideOfPackages(CORE, "java..", "javax.crypto..")
                    .or(resideInAnyPackage("java.sql..", "javax.sql..")))
            .as("core depends on the JDK only, without java.sql");

    /** A deployable never imports another deployable, nor a tool: they meet in the libraries and on the wire. */
    static final ArchRule DEPLOYABLES_ARE_INDEPENDENT = deployablesIndependent();

    /** A library never imports a deployable or a tool: nothing upward. */
    static final ArchRule LIBRARIES_IMPORT_NOTHING_ABOVE_THEM = noClasses()
            .that()
            .resideInAnyPackage(packages(LIBRARIES))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(packages(DEPLOYABLES, TOOLS))
            .as("libraries import no deployable and no tool");

    /** The insights API answers from the cube tables only: no ETL, stream, Spark-job or reconciliation code. */
    static final ArchRule INSIGHTS_API_READS_CUBES_ONLY = noClasses()
            .that()
            .resideInAPackage(INSIGHTS_API)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ETL, STREAM, SPARK_JOBS, RECONCILIATION)
            .as("insights-api imports no ETL, stream or reconciliation code");

    /** The test fixtures are for tests: no production class of any module may use them. */
    static final ArchRule TEST_FIXTURES_STAY_IN_TESTS = noClasses()
            .that()
            .resideOutsideOfPackage(TESTING)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(TESTING)
            .as("no production class imports the test fixtures");

    static final List<ArchRule> ALL = List.of(
            CORE_IS_FRAMEWORK_FREE,
            DEPLOYABLES_ARE_INDEPENDENT,
            LIBRARIES_IMPORT_NOTHING_ABOVE_THEM,
            INSIGHTS_API_READS_CUBES_ONLY,
            TEST_FIXTURES_STAY_IN_TESTS);

    private ModuleRules() {}

    private static ArchRule deployablesIndependent() {
        List<ArchRule> rules = new ArrayList<>();
        for (String deployable : DEPLOYABLES) {
            List<String> others = new ArrayList<>(TOOLS);
            DEPLOYABLES.stream().filter(d -> !d.equals(deployable)).forEach(others::add);
            rules.add(noClasses()
                    .that()
                    .resideInAPackage(deployable)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others.toArray(String[]::new))
                    // A check of a few classes need not hold every deployable; ModuleRulesTest checks that the
                    // repository's classes of each are there.
                    .allowEmptyShould(true));
        }
        return CompositeArchRule.of(rules).as("deployables import no other deployable and no tool");
    }

    @SafeVarargs
    private static String[] packages(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all.toArray(String[]::new);
    }
}
