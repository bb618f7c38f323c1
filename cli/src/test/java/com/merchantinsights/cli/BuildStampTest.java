package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.stack.ProjectHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staleness check of {@code bin/insights} (bin/lib/build-stamp.sh), driven through bash on a tree of its own:
 * a changed source means a build, a generated file does not. File times are set explicitly, an hour apart.
 */
class BuildStampTest {
    private static final Path SCRIPT = ProjectHome.locate().resolve("bin/lib/build-stamp.sh");
    private static final Instant BUILT = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATER = BUILT.plusSeconds(3600);
    private static final Instant EARLIER = BUILT.minusSeconds(3600);

    @TempDir
    Path tree;

    @BeforeEach
    void aBuiltTree() throws IOException {
        for (String file : List.of(
                "pom.xml",
                "cli/pom.xml",
                "cli/src/main/java/Cli.java",
                "cli/target/classpath.txt",
                "spark-jobs/pom.xml",
                "spark-jobs/target/classpath.txt",
                "integration-tests/pom.xml",
                "integration-tests/src/test/browser/package.json",
                "engines/kafka-server/pom.xml")) {
            write(file, EARLIER);
        }
        write("target/build.stamp", BUILT);
    }

    @Test
    void aBuiltTreeNeedsNoBuild() throws Exception {
        assertThat(run("insights_build_needed")).isEqualTo(new Outcome(1, ""));
    }

    @Test
    void aNewerNodeModulesFileUnderSrcNeedsNoBuild() throws Exception {
        write("integration-tests/src/test/browser/node_modules/playwright-core/index.js", LATER);
        write("integration-tests/src/test/browser/node_modules/.package-lock.json", LATER);
        // npm ci made the folder just now: the parent folder's time changed as well
        Files.setLastModifiedTime(tree.resolve("integration-tests/src/test/browser"), FileTime.from(LATER));

        assertThat(run("insights_build_needed").status()).isEqualTo(1);
    }

    @Test
    void newerFilesInTargetWorkDirectoriesAndHiddenFoldersNeedNoBuild() throws Exception {
        write("cli/target/classes/Cli.class", LATER);
        write("var/postgres/lib/pgxs/src/Makefile.global", LATER);
        write("other-work-dir/postgres/lib/pgxs/src/Makefile.global", LATER); // a --work-dir inside the project
        write(".git/index", LATER);
        write("cli/src/main/resources/.DS_Store/x", LATER);

        assertThat(run("insights_build_needed").status()).isEqualTo(1);
    }

    @Test
    void aNewerJavaFileNeedsABuildAndSaysWhich() throws Exception {
        write("cli/src/main/java/Cli.java", LATER);

        assertThat(run("insights_build_needed"))
                .isEqualTo(new Outcome(0, "changed since the last build: cli/src/main/java/Cli.java"));
    }

    @Test
    void aNewerPomNeedsABuild() throws Exception {
        write("engines/kafka-server/pom.xml", LATER);

        assertThat(run("insights_build_needed"))
                .isEqualTo(new Outcome(0, "changed since the last build: engines/kafka-server/pom.xml"));
    }

    @Test
    void noStampOrNoClasspathFileNeedsABuild() throws Exception {
        Files.delete(tree.resolve("target/build.stamp"));
        assertThat(run("insights_build_needed").output()).startsWith("no build stamp");

        write("target/build.stamp", BUILT);
        Files.delete(tree.resolve("spark-jobs/target/classpath.txt"));
        assertThat(run("insights_build_needed")).isEqualTo(new Outcome(0, "not built yet"));
    }

    @Test
    void aSuccessfulBuildWritesTheStampWithItsStartTimeSoTheNextCommandDoesNotBuild() throws Exception {
        write("cli/src/main/java/Cli.java", Instant.now().minusSeconds(60));
        Files.setLastModifiedTime(
                tree.resolve("target/build.stamp"), FileTime.from(Instant.now().minusSeconds(120)));
        assertThat(run("insights_build_needed").status()).isZero();

        // the "build" saves a source while it runs: the stamp is older than that save
        Outcome built = run("insights_build", "touch", "cli/src/main/java/Saved.java");

        assertThat(built.status()).isZero();
        assertThat(run("insights_build_needed"))
                .isEqualTo(new Outcome(0, "changed since the last build: cli/src/main/java/Saved.java"));
        Files.setLastModifiedTime(
                tree.resolve("cli/src/main/java/Saved.java"),
                FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(run("insights_build_needed").status()).isEqualTo(1);
    }

    @Test
    void aFailedBuildLeavesTheStampAsItWas() throws Exception {
        write("cli/src/main/java/Cli.java", LATER);

        assertThat(run("insights_build", "false").status()).isNotZero();

        assertThat(Files.getLastModifiedTime(tree.resolve("target/build.stamp")).toInstant())
                .isEqualTo(BUILT);
        assertThat(run("insights_build_needed").status()).isZero();
    }

    private record Outcome(int status, String output) {}

    /** Runs {@code function} of the script with the tree as its first argument, then {@code args}. */
    private Outcome run(String function, String... args) throws Exception {
        StringBuilder command = new StringBuilder("set -euo pipefail; source \"$0\"; ")
                .append(function)
                .append(" \"$1\"");
        for (int i = 0; i < args.length; i++) {
            command.append(" \"${").append(i + 2).append("}\"");
        }
        List<String> argv = new java.util.ArrayList<>(
                List.of("bash", "-c", command.toString(), SCRIPT.toString(), tree.toString()));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv)
                .directory(tree.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Outcome(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    private void write(String relative, Instant modified) throws IOException {
        Path file = tree.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, relative);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }
}
