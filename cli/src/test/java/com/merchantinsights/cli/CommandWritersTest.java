package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands print through the writers picocli is given, so that a caller in the same JVM reads what they say. */
class CommandWritersTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine cli =
            new CommandLine(new InsightsCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

    @Test
    void statusSaysOnTheOutWriterThatNothingRunsInAnEmptyWorkDir(@TempDir Path workDir) {
        assertThat(cli.execute("status", "--work-dir", workDir.toString())).isEqualTo(3);

        assertThat(out.toString())
                .isEqualTo(
                        "Nothing is running in " + workDir.toAbsolutePath().normalize() + "." + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void archiveRefusesAHalfRangeOnTheErrWriterBeforeAskingTheDriver() {
        assertThat(cli.execute("archive", "--from", "2026-11-24T00:00:00Z")).isEqualTo(2);

        assertThat(err.toString()).isEqualTo("give both --from and --to, or neither" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void reprocessRefusesAMissingRangeOnTheErrWriterBeforeAskingTheDriver() {
        assertThat(cli.execute("reprocess", "--merchant", "m_1")).isEqualTo(64);

        assertThat(err.toString()).contains("--from and --to are required");
        assertThat(out.toString()).isEmpty();
    }
}
