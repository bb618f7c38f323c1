package com.merchantinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The reprocessing run log: every rebuild, switch and rollback, newest first. */
@Command(name = "runs", description = "List reprocess runs: range, merchants, state, figures, who ran them.")
final class RunsCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Option(names = "--limit", defaultValue = "20", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the runs as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AdminClient.Answer response = admin.client(stack).get("/runs", Map.of("limit", List.of(String.valueOf(limit))));
        JsonNode body = ReprocessCommand.JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            spec.commandLine().getErr().println(body.path("error").asText(response.body()));
            spec.commandLine().getErr().flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(body.toPrettyString());
            out.flush();
            return 0;
        }
        // BY is the admin key that asked (its id; --json has its description too).
        String format = "%5s %-9s %-12s %-20s %-20s %-14s %9s %9s %8s %-16s %s%n";
        out.printf(
                format, "RUN", "KIND", "STATE", "FROM", "TO", "MERCHANTS", "EVENTS", "ROWS", "SECONDS", "BY", "DIFF");
        for (JsonNode run : body.path("runs")) {
            JsonNode merchants = run.path("merchants");
            JsonNode diff = run.path("diff_summary");
            out.printf(
                    format,
                    run.path("run_id").asText(),
                    run.path("kind").asText(),
                    run.path("state").asText(),
                    run.path("from").asText(),
                    run.path("to").asText(),
                    merchants.isEmpty()
                            ? "all"
                            : merchants.size() == 1 ? merchants.get(0).asText() : merchants.size() + "",
                    run.path("events_read").asText(),
                    run.path("rows_written").asText(),
                    run.path("duration_ms").asLong() / 1000,
                    run.path("requested_by").asText().split(" ", 2)[0],
                    diff.isMissingNode() || diff.isNull()
                            ? ""
                            : diff.path("merchants_changed").asInt() + " merchant(s), "
                                    + diff.path("changes_total").asInt() + " change(s)");
        }
        out.flush();
        return 0;
    }
}
