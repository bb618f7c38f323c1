package com.merchantinsights.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.cli.InsightsCli;
import com.merchantinsights.service.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code bin/insights} in the test's JVM against one stack: the command runs as the launcher runs it, with the stack's
 * {@code --work-dir} and {@code --port-offset}, and what it prints goes through picocli's writers into strings, never
 * through System.out, so that runs on several threads keep their output apart.
 */
final class InProcessCli {
    private final List<String> stackOptions;

    InProcessCli(Path workDir, int portOffset) {
        this.stackOptions = List.of("--work-dir", workDir.toString(), "--port-offset", Integer.toString(portOffset));
    }

    /** Against the shared system ({@link SharedSystem}). */
    static InProcessCli sharedSystem() {
        return new InProcessCli(SharedSystem.system().config().workDir(), SharedSystem.PORT_OFFSET);
    }

    /** Runs {@code bin/insights <arguments>}; the stack options go last, to the (sub)command named. */
    CliRun run(String... arguments) {
        List<String> args = new ArrayList<>(List.of(arguments));
        args.addAll(stackOptions);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new InsightsCli())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** What one command did: its exit code, and what it printed on standard output and on standard error. */
    record CliRun(int exitCode, String out, String err) {
        /** Both, output first: for an assertion's description. */
        String output() {
            return out + err;
        }

        /** The standard output of a {@code --json} command. */
        JsonNode json() throws IOException {
            return Json.mapper().readTree(out);
        }
    }
}
