package com.merchantinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.reconcile.ReconciliationReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Reconciliation (docs/decisions/0019-reconciliation.md): per UTC hour of occurrence and merchant,
 * the events topic against the raw rows and dead letters, and the raw rows against the cube's totals.
 */
@Command(
        name = "reconcile",
        sortOptions = false,
        description = {
            "Checks, per UTC hour of occurrence and merchant, that nothing was lost or counted twice.",
            "topic=stored: within the events topic's retention, distinct event identities on the topic = raw"
                    + " rows + dead letters other than conflicts.",
            "raw=cube: raw rows = the event count of the cube's totals (15-minute base).",
            "Hours that ended less than --settle ago, and cells with recent records or a pending cube refresh,"
                    + " are pending, not mismatches. Hours whose raw rows are in the Parquet archive only are not"
                    + " checked; the output lists them."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:every compared hour matched",
            "2:invalid options",
            "3:at least one mismatch (listed)",
            "4:could not check (an engine could not be read)"
        })
final class ReconcileCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    StackOptions stack;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "INSTANT|DATE",
            description = "First hour, e.g. 2026-11-24T13:00:00Z, or a UTC day (its first hour).")
    String from;

    @Option(
            names = "--to",
            paramLabel = "INSTANT|DATE",
            description = "End of the range: an instant (exclusive) or a UTC day (inclusive). Default: now.")
    String to;

    @Option(names = "--merchant", paramLabel = "ID", description = "Only this merchant (repeatable; default: all).")
    List<String> merchants = new ArrayList<>();

    @Option(
            names = "--settle",
            defaultValue = "PT10M",
            paramLabel = "DURATION",
            description = "Leave hours alone until this long after their end, and cells with records this recent"
                    + " (the ETL runs every 5 minutes; default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(
            names = "--raw-retention",
            defaultValue = RawEventLayout.DEFAULT_RETENTION_TEXT,
            paramLabel = "DURATION",
            description =
                    "How long Cassandra keeps raw rows: the Spark driver's --raw-retention (default: ${DEFAULT-VALUE}).")
    Duration rawRetention;

    @Option(
            names = "--future-tolerance",
            defaultValue = "PT15M",
            paramLabel = "DURATION",
            description = "How far in the future the edge accepts occurred_at (default: ${DEFAULT-VALUE}).")
    Duration futureTolerance;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        Instant start;
        Instant end;
        try {
            start = bound(from, false);
            end = to == null ? now : bound(to, true);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--from/--to: " + e.getParsedString()
                            + " is neither an instant (2026-11-24T13:00:00Z) nor a date (2026-11-24)");
        }
        if (!start.isBefore(end)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from must be before --to");
        }
        String failure;
        try {
            AdminClient.Answer answer = admin.client(stack).post("/reconcile", query(start, end), Duration.ofHours(1));
            JsonNode result = JSON.readTree(answer.body());
            if (answer.statusCode() == 200) {
                if (json) {
                    out.println(result.path("report").toPrettyString());
                } else {
                    out.print(result.path("text").asText());
                }
                out.flush();
                return result.path("exit_code").asInt(ReconciliationReport.EXIT_COULD_NOT_CHECK);
            }
            failure = "could not check: " + result.path("error").asText(answer.body());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failure = "could not check: " + e;
        }
        if (json) {
            out.println(JSON.createObjectNode()
                    .put("exit_code", ReconciliationReport.EXIT_COULD_NOT_CHECK)
                    .put("error", failure)
                    .toPrettyString());
            out.flush();
        }
        spec.commandLine().getErr().println(failure);
        spec.commandLine().getErr().flush();
        return ReconciliationReport.EXIT_COULD_NOT_CHECK;
    }

    /** The check's parameters as the operations service takes them (decision 0039). */
    private Map<String, List<String>> query(Instant start, Instant end) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("from", List.of(start.toString()));
        query.put("to", List.of(end.toString()));
        if (!merchants.isEmpty()) {
            query.put("merchant", List.copyOf(merchants));
        }
        query.put("settle", List.of(settle.toString()));
        query.put("raw_retention", List.of(rawRetention.toString()));
        query.put("future_tolerance", List.of(futureTolerance.toString()));
        return query;
    }

    /** An instant as given, or a UTC day: its start, or (for an inclusive end) the next day's start. */
    static Instant bound(String text, boolean end) {
        if (text.contains("T")) {
            return Instant.parse(text);
        }
        LocalDate day = LocalDate.parse(text);
        return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
