package com.merchantinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.stack.RunningStack;
import com.merchantinsights.stack.StackConfig;
import com.merchantinsights.stack.StackException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Lists the stack's processes from their PID files, alive or not, and the stream processor's operational view
 * (the Spark driver's {@code /status}: consumer lag, events/s, batch duration, dead letters).
 */
@Command(
        name = "status",
        description = "Show which parts of the local system are running, and how the stream keeps up.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var config = stack.config();
        var workDir = config.workDir();
        var processes = RunningStack.read(workDir);
        if (processes.isEmpty()) {
            out.println("Nothing is running in " + workDir + ".");
            out.flush();
            return 3;
        }
        processes.forEach(
                p -> out.printf("%-13s pid %-8d %s%n", p.name(), p.pid(), p.alive() ? "running" : "not running"));
        if (processes.stream().anyMatch(p -> p.name().equals("spark-driver") && p.alive())) {
            printStream(out, config);
        }
        out.flush();
        return RunningStack.anyAlive(workDir) ? 0 : 3;
    }

    private static void printStream(PrintWriter out, StackConfig config) {
        try {
            HttpResponse<String> response = new DriverControl(config).get("/status", Map.of(), Duration.ofSeconds(5));
            if (response.statusCode() != 200) {
                out.println("stream        status answered " + response.statusCode());
                return;
            }
            JsonNode status = new ObjectMapper().readTree(response.body());
            out.println(StreamStatusLine.of(status));
            out.println(StreamStatusLine.archive(status.path("archive")));
        } catch (IOException e) {
            out.println(
                    "stream        no answer on control port " + config.ports().sparkControl() + ": " + e.getMessage());
        } catch (StackException e) {
            out.println("stream        " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The driver's status JSON as the lines {@code status} prints. */
    static final class StreamStatusLine {
        private StreamStatusLine() {}

        static String of(JsonNode s) {
            return String.format(
                    Locale.ROOT,
                    "stream        %s, consumer lag %s record(s), %s events/s, last batch %s ms%n"
                            + "              %d event(s) stored, %d duplicate(s), %d dead letter(s) (%d conflict(s), %d rejected), "
                            + "%d query restart(s)",
                    s.path("query_active").asBoolean() ? "active" : "NOT ACTIVE",
                    s.path("consumer_lag").isNumber()
                            ? String.valueOf(s.path("consumer_lag").asLong())
                            : "?",
                    s.path("events_per_second").isNumber()
                            ? String.format(
                                    Locale.ROOT,
                                    "%.0f",
                                    s.path("events_per_second").asDouble())
                            : "?",
                    s.path("last_batch_ms").isNumber()
                            ? String.valueOf(s.path("last_batch_ms").asLong())
                            : "?",
                    s.path("events_stored_total").asLong(),
                    s.path("duplicates_total").asLong(),
                    s.path("dead_letters_total").asLong(),
                    s.path("conflicts_total").asLong(),
                    s.path("rejected_records_total").asLong(),
                    s.path("query_restarts").asLong());
        }

        /** The archiver's line: where, and what its last run did (decision 0011). */
        static String archive(JsonNode a) {
            JsonNode last = a.path("last_summary");
            String run = last.isObject()
                    ? String.format(
                            Locale.ROOT,
                            "last run %s: %d hour(s), %d row(s), %d hour(s) still settling",
                            a.path("last_success_at").asText("?"),
                            last.path("hours_archived").size(),
                            last.path("rows_archived").asLong(),
                            last.path("hours_pending").asLong())
                    : "no run yet";
            String failure = a.path("last_failure").isTextual()
                    ? "; last failure: " + a.path("last_failure").asText()
                    : "";
            return String.format(
                    Locale.ROOT, "archive       %s, %s%s", a.path("root").asText("?"), run, failure);
        }
    }
}
