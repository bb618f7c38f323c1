package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {
    @TempDir
    Path workDir;

    @Test
    void theReadyMessageSaysWhereThePlatformKeyIsAndNeverPrintsIt() {
        assumeThat(workDir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        LocalSecrets secrets = LocalSecrets.loadOrCreate(workDir);
        Path keyFile = LocalSecrets.platformKeyFile(workDir);
        var proof = new ReadinessCheck.Probe(
                "loc_1", 1, "m_demo", LocalDate.parse("2026-11-18"), LocalDate.parse("2026-11-25"), 412, 400);
        StringWriter out = new StringWriter();

        UpCommand.printReady(
                new PrintWriter(out), URI.create("http://127.0.0.1:8080"), workDir, proof, Duration.ofMillis(41_200));

        assertThat(out.toString())
                .contains("Merchant Insights is ready (")
                .contains("  platform key: " + keyFile + " (0600)" + System.lineSeparator())
                .contains("curl -H \"Authorization: Bearer $(cat '" + keyFile + "')\" 'http://127.0.0.1:8080/v1/")
                .doesNotContain(secrets.platformKey())
                .doesNotContain(secrets.identitySigningKey().substring("local-1:".length()));
    }

    @Test
    void pseudonymsAreAsTheWorkDirectoryWasMadeUnlessTurnedOnOrOff() {
        for (var expected : java.util.Map.of(
                        "", LocalSecrets.Pseudonyms.DEFAULT,
                        "--pseudonymize", LocalSecrets.Pseudonyms.ON,
                        "--no-pseudonymize", LocalSecrets.Pseudonyms.OFF)
                .entrySet()) {
            UpCommand up = new UpCommand();
            new picocli.CommandLine(up)
                    .parseArgs(expected.getKey().isEmpty() ? new String[0] : new String[] {expected.getKey()});
            assertThat(UpCommand.pseudonyms(up.pseudonymize))
                    .as(expected.getKey())
                    .isEqualTo(expected.getValue());
        }
    }

    @Test
    void aWorkDirectoryTellsTheNodeCountItsEnginesWereMadeWith(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        com.merchantinsights.stack.StackConfig config = com.merchantinsights.stack.StackConfig.defaults(dir);
        org.assertj.core.api.Assertions.assertThat(UpCommand.nodesOf(config))
                .as("never started")
                .isEmpty();
        java.nio.file.Files.createDirectories(config.directories().kafka().resolve("data"));
        org.assertj.core.api.Assertions.assertThat(UpCommand.nodesOf(config)).contains(1);
        java.nio.file.Files.createDirectories(config.directories().kafka().resolve("node-2"));
        java.nio.file.Files.createDirectories(config.directories().kafka().resolve("node-3"));
        org.assertj.core.api.Assertions.assertThat(UpCommand.nodesOf(config)).contains(3);
    }
}
