package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ReconcileCommandTest {
    @Test
    void aDateStartsTheRangeAtItsFirstHourAndEndsItAfterItsLast() {
        assertThat(ReconcileCommand.bound("2026-11-24", false)).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(ReconcileCommand.bound("2026-11-24", true)).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(ReconcileCommand.bound("2026-11-24T13:00:00Z", true))
                .isEqualTo(Instant.parse("2026-11-24T13:00:00Z"));
    }

    @Test
    void anEmptyOrUnreadableRangeIsAUsageErrorBeforeAnyEngineIsAsked() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new InsightsCli()).setErr(new PrintWriter(err));

        assertThat(cli.execute("reconcile", "--from", "2026-11-24", "--to", "2026-11-23"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--from must be before --to");
        assertThat(cli.execute("reconcile", "--from", "yesterday")).isEqualTo(2);
    }

    @Test
    void theHelpDocumentsTheExitCodes() {
        String help = new CommandLine(new InsightsCli())
                .getSubcommands()
                .get("reconcile")
                .getUsageMessage();

        assertThat(help).contains("3   at least one mismatch").contains("4   could not check");
    }
}
