package com.merchantinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Rebuilds the cubes of a range with the current logic (docs/decisions/0016-reprocessing.md):
 * optionally re-derives the raw events first, builds the new version beside the live one with a progress bar, shows
 * what would change for merchants, and switches it live in one transaction on confirmation (or with --yes).
 * Merchants keep reading the live version all along; {@code rollback} takes a switch back.
 */
@Command(
        name = "reprocess",
        description = "Rebuild the cubes of a range, show the diff, switch atomically.",
        subcommands = {ReprocessCommand.Diff.class, ReprocessCommand.Switch.class, ReprocessCommand.Discard.class})
final class ReprocessCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    /** Exit status when the run was built but not switched (declined, or no terminal and no --yes). */
    static final int EXIT_NOT_SWITCHED = 2;

    @Mixin
    StackOptions stack;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Start of the range, e.g. 2026-11-01T00:00:00Z.")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "End of the range (exclusive).")
    Instant to;

    @Option(names = "--merchant", paramLabel = "ID", description = "Only this merchant (repeatable; default: all).")
    List<String> merchants = new ArrayList<>();

    @Option(
            names = "--rederive",
            description =
                    "Re-derive the raw events of the range first, into a new raw version," + " and build from it.")
    boolean rederive;

    @Option(
            names = "--raw-version",
            paramLabel = "VERSION",
            description = "Build from this re-derived raw version"
                    + " (from `bin/insights rederive`) instead of the live raw events; the switch makes it live.")
    String rawVersion;

    @Option(
            names = "--source",
            defaultValue = "auto",
            paramLabel = "auto|cassandra|archive",
            description = "With --rederive: where to read the stored events (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(
            names = "--calendar",
            description = "Rebuild the merchants' whole history in their current time zone and"
                    + " week start (after a change in the registry); --from/--to default to all of it.")
    boolean calendar;

    @Option(names = "--yes", description = "Switch without asking (for scripts; without it a terminal is asked).")
    boolean yes;

    @Option(
            names = "--keep",
            defaultValue = "P7D",
            paramLabel = "ISO-8601",
            description = "How long the replaced rows stay for rollback (default: ${DEFAULT-VALUE}).")
    Duration keep;

    @Option(names = "--json", description = "Print the diff and the outcome as JSON instead of tables.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!calendar && (from == null || to == null)) {
            err.println("--from and --to are required (or --calendar with --merchant)");
            err.flush();
            return 64;
        }
        if (calendar && merchants.isEmpty()) {
            err.println("--calendar rebuilds named merchants: give --merchant");
            err.flush();
            return 64;
        }
        AdminClient driver = admin.client(stack);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (from != null) {
            query.put("from", List.of(from.toString()));
        }
        if (to != null) {
            query.put("to", List.of(to.toString()));
        }
        query.put("merchant", merchants);
        query.put("kind", List.of(calendar ? "calendar" : "reprocess"));
        if (rawVersion != null) {
            query.put("raw_version", List.of(rawVersion));
        }
        if (rederive) {
            JsonNode version = RederiveCommand.run(driver, from, to, merchants, source, err);
            if (version == null || !"complete".equals(version.path("state").asText())) {
                err.println("re-derivation did not complete; nothing was rebuilt: " + version);
                err.flush();
                return 1;
            }
            query.put("raw_version", List.of(version.path("raw_version").asText()));
        }
        AdminClient.Answer started = driver.post("/reprocess", query, RederiveCommand.START_WAIT);
        // 202: the build started (its run); a 200 with a run: a cluster's build that ended before it was followed.
        if (started.statusCode() != 202 && !RederiveCommand.carries(started, "run_id")) {
            err.println("the driver refused: " + started.body());
            err.flush();
            return 1;
        }
        JsonNode run = follow(driver, JSON.readTree(started.body()));
        long runId = run.path("run_id").asLong();
        if (!"built".equals(run.path("state").asText())) {
            err.println("run " + runId + " " + run.path("state").asText() + ": "
                    + run.path("detail").asText());
            err.flush();
            return 1;
        }
        JsonNode diff = get(driver, "/reprocess/diff", runId, Map.of());
        printDiff(out, runId, run, diff, json);
        if (!confirmed(runId)) {
            err.println("run " + runId + " is built, not switched: `bin/insights reprocess switch --run " + runId
                    + "` or `bin/insights reprocess discard --run " + runId + "`");
            err.flush();
            return EXIT_NOT_SWITCHED;
        }
        return switchRun(driver, runId, keep, json, spec);
    }

    private boolean confirmed(long runId) {
        if (yes) {
            return true;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("Switch run %d live for merchants now? [y/N] ", runId);
        return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
    }

    /** Follows a building run to its end with a progress bar in hours (rate and time left), events and rows. */
    private static JsonNode follow(AdminClient driver, JsonNode run) throws Exception {
        long runId = run.path("run_id").asLong();
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("reprocess run " + runId)
                .setInitialMax(1)
                .setUnit(" h", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .build()) {
            while ("building".equals(run.path("state").asText())) {
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
                run = get(driver, "/reprocess/run", runId, Map.of());
                bar.maxHint(Math.max(1, run.path("hours_total").asLong()));
                bar.stepTo(run.path("hours_done").asLong());
                bar.setExtraMessage(" " + run.path("events_read").asLong() + " events, "
                        + run.path("rows_written").asLong() + " rows");
            }
        }
        return run;
    }

    static int switchRun(AdminClient driver, long runId, Duration keep, boolean json, CommandSpec spec)
            throws Exception {
        AdminClient.Answer switched = driver.post(
                "/reprocess/switch",
                Map.of("run", List.of(String.valueOf(runId)), "keep", List.of(keep.toString())),
                Duration.ofMinutes(30));
        return report(switched, json, "switched run " + runId + " live", spec);
    }

    /** The driver's answer to a switch or rollback, on the command's out (or its error on err): 0, or 1 if refused. */
    static int report(AdminClient.Answer response, boolean json, String what, CommandSpec spec) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(body.path("error").asText(response.body()));
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(body.toPrettyString());
        } else {
            out.printf(
                    "%s: %d row(s) out, %d row(s) in, %d hour(s) marked for refresh%n",
                    what,
                    body.path("rows_replaced").asLong(),
                    body.path("rows_installed").asLong(),
                    body.path("hours_marked_for_refresh").asLong());
        }
        out.flush();
        return 0;
    }

    static JsonNode get(AdminClient driver, String path, long runId, Map<String, List<String>> more) throws Exception {
        Map<String, List<String>> query = new LinkedHashMap<>(more);
        query.put("run", List.of(String.valueOf(runId)));
        AdminClient.Answer response = driver.get(path, query);
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(body.path("error").asText(response.body()));
        }
        return body;
    }

    /** The diff as JSON, or as {@link #printDiff(PrintWriter, long, JsonNode, JsonNode)} tabulates it; flushed. */
    static void printDiff(PrintWriter out, long runId, JsonNode run, JsonNode diff, boolean json) {
        if (json) {
            out.println(diff.toPrettyString());
        } else {
            printDiff(out, runId, run, diff);
        }
        out.flush();
    }

    /** The diff as the operator reads it: the largest changes first, one line per merchant, metric and currency. */
    static void printDiff(PrintWriter out, long runId, JsonNode run, JsonNode diff) {
        out.printf(
                "run %d: %s .. %s, %d event(s) read, %d row(s) built%n",
                runId,
                run.path("from").asText(),
                run.path("to").asText(),
                run.path("events_read").asLong(),
                run.path("rows_written").asLong());
        out.printf(
                "%d of %d merchant(s) change; metrics: %s%n",
                diff.path("merchants_changed").asInt(),
                diff.path("merchants_compared").asInt(),
                diff.path("metrics_changed"));
        if (diff.path("changes").isEmpty()) {
            out.println("no metric changes");
            return;
        }
        String format = "%-24s %-20s %-4s %16s %16s %16s %9s%n";
        out.printf(format, "MERCHANT", "METRIC", "CUR", "LIVE", "NEW", "CHANGE", "CHANGE %");
        for (JsonNode c : diff.path("changes")) {
            JsonNode relative = c.path("relative_change");
            out.printf(
                    format,
                    c.path("merchant_id").asText(),
                    c.path("metric").asText(),
                    c.path("currency").isNull() ? "" : c.path("currency").asText(),
                    number(c.path("before")),
                    number(c.path("after")),
                    number(c.path("absolute_change")),
                    relative.isNull() ? "new" : String.format(Locale.ROOT, "%+.2f%%", relative.asDouble() * 100));
        }
        int shown = diff.path("changes").size();
        if (diff.path("changes_total").asInt(shown) > shown) {
            // The driver answers the largest changes only (ReprocessRoutes.DEFAULT_DIFF_CHANGES); --json has the total.
            out.printf(
                    "(the largest %d of %d changes)%n",
                    shown, diff.path("changes_total").asInt());
        }
        if (!diff.path("not_compared").isEmpty()) {
            out.println("not compared (estimates): " + diff.path("not_compared"));
        }
    }

    private static String number(JsonNode value) {
        double v = value.asDouble();
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%,.4f", v);
    }

    /** The diff of a built run, again (e.g. after declining the switch). */
    @Command(name = "diff", description = "Show what a built run would change.")
    static final class Diff implements Callable<Integer> {
        @Mixin
        StackOptions stack;

        @Mixin
        AdminOptions admin;

        @Spec
        CommandSpec spec;

        @Option(names = "--run", required = true, paramLabel = "ID")
        long runId;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() throws Exception {
            AdminClient driver = admin.client(stack);
            JsonNode run = get(driver, "/reprocess/run", runId, Map.of());
            JsonNode diff = get(driver, "/reprocess/diff", runId, Map.of());
            printDiff(spec.commandLine().getOut(), runId, run, diff, json);
            return 0;
        }
    }

    @Command(name = "switch", description = "Switch a built run live, atomically.")
    static final class Switch implements Callable<Integer> {
        @Mixin
        StackOptions stack;

        @Mixin
        AdminOptions admin;

        @Spec
        CommandSpec spec;

        @Option(names = "--run", required = true, paramLabel = "ID")
        long runId;

        @Option(
                names = "--keep",
                defaultValue = "P7D",
                paramLabel = "ISO-8601",
                description = "How long the replaced rows stay for rollback (default: ${DEFAULT-VALUE}).")
        Duration keep;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return switchRun(admin.client(stack), runId, keep, json, spec);
        }
    }

    @Command(name = "discard", description = "Drop a built run that will not be switched.")
    static final class Discard implements Callable<Integer> {
        @Mixin
        StackOptions stack;

        @Mixin
        AdminOptions admin;

        @Spec
        CommandSpec spec;

        @Option(names = "--run", required = true, paramLabel = "ID")
        long runId;

        @Override
        public Integer call() throws Exception {
            AdminClient.Answer response = admin.client(stack)
                    .post("/reprocess/discard", Map.of("run", List.of(String.valueOf(runId))), Duration.ofMinutes(5));
            spec.commandLine().getOut().println(response.body());
            spec.commandLine().getOut().flush();
            return response.statusCode() == 200 ? 0 : 1;
        }
    }
}
