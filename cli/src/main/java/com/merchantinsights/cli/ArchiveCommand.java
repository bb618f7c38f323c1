package com.merchantinsights.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes hours of raw events to the Parquet archive now in the running Spark driver: the settled hours that
 * received events since they were last archived (what the schedule does), or every hour of a range (a backfill).
 */
@Command(name = "archive", description = "Archive raw events as hourly Parquet now (the schedule keeps running).")
final class ArchiveCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            description = "First hour of a range to archive, e.g. 2026-11-24T00:00:00Z.")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "End of the range (exclusive).")
    Instant to;

    @Override
    public Integer call() throws Exception {
        if ((from == null) != (to == null)) {
            spec.commandLine().getErr().println("give both --from and --to, or neither");
            spec.commandLine().getErr().flush();
            return 2;
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (from != null) {
            query.put("from", List.of(from.toString()));
            query.put("to", List.of(to.toString()));
        }
        AdminClient.Answer response = admin.client(stack).post("/archive", query, Duration.ofHours(2));
        spec.commandLine().getOut().println(response.body());
        spec.commandLine().getOut().flush();
        return response.statusCode() == 200 ? 0 : 1;
    }
}
