package com.merchantinsights.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.cli.reconcile.CubeTotalsReads;
import com.merchantinsights.cli.reconcile.DeadLetterTally;
import com.merchantinsights.cli.reconcile.EventIdentity;
import com.merchantinsights.cli.reconcile.EventsTopicScan;
import com.merchantinsights.cli.reconcile.HourCounts;
import com.merchantinsights.cli.reconcile.HourMerchant;
import com.merchantinsights.cli.reconcile.HourStatus;
import com.merchantinsights.cli.reconcile.IdentityFinding;
import com.merchantinsights.cli.reconcile.PendingFeedCells;
import com.merchantinsights.cli.reconcile.RawStoreReads;
import com.merchantinsights.cli.reconcile.Reconciliation;
import com.merchantinsights.cli.reconcile.ReconciliationCheck;
import com.merchantinsights.cli.reconcile.ReconciliationReport;
import com.merchantinsights.cli.reconcile.ReconciliationWindow;
import com.merchantinsights.cli.reconcile.ReportJson;
import com.merchantinsights.cli.reconcile.ReportText;
import com.merchantinsights.cli.reconcile.StoredRow;
import com.merchantinsights.cli.reconcile.StoredSide;
import com.merchantinsights.cli.reconcile.TopicSide;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.stack.EngineEndpoints;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Reconciliation (design decision 7, docs/decisions/0019-reconciliation.md): per UTC hour of occurrence and merchant,
 * the events topic against the raw rows and dead letters, and the raw rows against the cube's totals.
 */
@Command(name = "reconcile", sortOptions = false,
        description = {"Checks, per UTC hour of occurrence and merchant, that nothing was lost or counted twice.",
                "topic=stored: within the events topic's retention, distinct event identities on the topic = raw"
                        + " rows + dead letters other than conflicts.",
                "raw=cube: raw rows = the event count of the cube's totals (15-minute base).",
                "Hours that ended less than --settle ago, and cells with recent records or a pending cube refresh,"
                        + " are pending, not mismatches. Hours whose raw rows are in the Parquet archive only are not"
                        + " checked; the output lists them."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every compared hour matched", "2:invalid options",
                "3:at least one mismatch (listed)", "4:could not check (an engine could not be read)"})
final class ReconcileCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CASSANDRA_READ_TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    StackOptions stack;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "INSTANT|DATE",
            description = "First hour, e.g. 2026-11-24T13:00:00Z, or a UTC day (its first hour).")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT|DATE",
            description = "End of the range: an instant (exclusive) or a UTC day (inclusive). Default: now.")
    String to;

    @Option(names = "--merchant", paramLabel = "ID", description = "Only this merchant (repeatable; default: all).")
    List<String> merchants = new ArrayList<>();

    @Option(names = "--settle", defaultValue = "PT10M", paramLabel = "DURATION",
            description = "Leave hours alone until this long after their end, and cells with records this recent"
                    + " (the ETL runs every 5 minutes; default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--raw-retention", defaultValue = "P90D", paramLabel = "DURATION",
            description = "How long Cassandra keeps raw rows: the Spark driver's --raw-retention (default: ${DEFAULT-VALUE}).")
    Duration rawRetention;

    @Option(names = "--future-tolerance", defaultValue = "PT15M", paramLabel = "DURATION",
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
            throw new CommandLine.ParameterException(spec.commandLine(), "--from/--to: " + e.getParsedString()
                    + " is neither an instant (2026-11-24T13:00:00Z) nor a date (2026-11-24)");
        }
        if (!start.isBefore(end)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from must be before --to");
        }
        try {
            ReconciliationReport report = reconcile(start, end, now);
            if (json) {
                out.println(ReportJson.render(report));
                out.flush();
            } else {
                ReportText.print(report, out);
            }
            return report.exitCode();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String message = "could not check: " + e;
            if (json) {
                out.println(JSON.createObjectNode().put("exit_code", ReconciliationReport.EXIT_COULD_NOT_CHECK)
                        .put("error", message).toPrettyString());
                out.flush();
            }
            spec.commandLine().getErr().println(message);
            spec.commandLine().getErr().flush();
            return ReconciliationReport.EXIT_COULD_NOT_CHECK;
        }
    }

    private ReconciliationReport reconcile(Instant start, Instant end, Instant now) throws Exception {
        EngineEndpoints endpoints = EngineEndpoints.of(stack.config().ports());
        Set<String> only = Set.copyOf(merchants);
        Duration topicRetention = EventsTopicScan.retention(endpoints.kafkaBootstrapServers());
        Instant completeByRetention = topicRetention == null ? Instant.MIN : now.minus(topicRetention);
        List<Instant> hours = Reconciliation.hours(start, end);
        // Read the stores first and the topic last: a record stored while the stores are read is on the topic and,
        // being recent, makes its cell pending instead of a mismatch.
        ReconciliationWindow byRetention = window(now, completeByRetention);
        List<Instant> comparable = hours.stream().filter(h -> anyCheck(byRetention, h)).toList();
        HourCounts rawRows;
        List<IdentityFinding> storedTwice;
        DeadLetterTally letters;
        HourCounts cube;
        Set<HourMerchant> pending = new HashSet<>();
        // Counting an hour's partitions is a longer read than the driver's 2-second default allows under load.
        DriverConfigLoader countingReads = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, CASSANDRA_READ_TIMEOUT).build();
        try (Connection warehouse = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.jdbcUser(),
                endpoints.jdbcPassword())) {
            // The feed's pending cells before the raw rows and the cube totals: a batch the ETL applies meanwhile stays
            // excused (decision 0033).
            pending.addAll(PendingFeedCells.read(warehouse, stack.config().directories().feed(), comparable));
            try (CqlSession cassandra = cassandra(endpoints, countingReads)) {
                RawStoreReads raw = new RawStoreReads(cassandra);
                RawStoreReads.RawRows held = raw.rawRows(comparable, only);
                rawRows = held.counts();
                storedTwice = held.storedTwice();
                letters = raw.rejectedLetters(firstLetterDay(start, completeByRetention, now), LocalDate.now(ZoneOffset.UTC));
            }
            cube = CubeTotalsReads.totals(warehouse, start, end, only);
            pending.addAll(CubeTotalsReads.rebuildRequested(warehouse, comparable));
        }
        EventsTopicScan.Result topic = EventsTopicScan.scan(endpoints.kafkaBootstrapServers(), topicRetention, now,
                now.minus(settle));
        // Versions of one identity in two hours: where the stream stored it decides where it counts (decision 0026).
        Map<EventIdentity, Set<Instant>> undecided = topic.identities().undecided();
        Map<EventIdentity, List<StoredRow>> stored = Map.of();
        if (!undecided.isEmpty()) {
            try (CqlSession cassandra = cassandra(endpoints, countingReads)) {
                stored = new RawStoreReads(cassandra).storedRows(undecided);
            }
        }
        TopicSide topicSide = TopicSide.of(topic.identities(), stored);
        // An identity stored in two hours of the range, whether or not the topic still holds its versions.
        List<IdentityFinding> findings = new ArrayList<>(topicSide.findings());
        storedTwice.stream().filter(twice -> findings.stream().noneMatch(f -> f.kind() == twice.kind()
                && f.merchantId().equals(twice.merchantId()) && f.eventId().equals(twice.eventId()))).forEach(findings::add);
        return new Reconciliation(window(now, topic.completeSince()), only).compare(start, end,
                new TopicSide(topicSide.identities(), topicSide.recentlyReceived(), topicSide.recordsWithoutHour(), findings),
                new StoredSide(rawRows, letters.counts(), letters.withoutHour(), cube, pending));
    }

    private static CqlSession cassandra(EngineEndpoints endpoints, DriverConfigLoader config) {
        return CqlSession.builder().addContactPoint(endpoints.cassandraContactPoint())
                .withLocalDatacenter(endpoints.cassandraLocalDatacenter()).withConfigLoader(config).build();
    }

    private ReconciliationWindow window(Instant now, Instant topicCompleteSince) {
        var baseRetention = CubeDefinitionFile.standard().retention().get(Grain.QUARTER_HOUR);
        Duration base = Duration.between(now.atOffset(ZoneOffset.UTC).minus(baseRetention).toInstant(), now);
        return new ReconciliationWindow(now, settle, topicCompleteSince, futureTolerance, rawRetention, base);
    }

    private static boolean anyCheck(ReconciliationWindow window, Instant hour) {
        for (ReconciliationCheck check : ReconciliationCheck.values()) {
            if (window.status(hour, check).kind() == HourStatus.Kind.CHECKED) {
                return true;
            }
        }
        return false;
    }

    /**
     * Letters are kept by the day Kafka stamped their record; a record of an hour in the range arrives from
     * --future-tolerance before the range on, and only records still on the topic are compared at all.
     */
    private LocalDate firstLetterDay(Instant start, Instant topicCompleteSince, Instant now) {
        Instant first = start.minus(futureTolerance);
        if (first.isBefore(topicCompleteSince)) {
            first = topicCompleteSince;
        }
        Instant oldestKept = now.minus(Topics.DEAD_LETTER_RETENTION);
        return (first.isBefore(oldestKept) ? oldestKept : first).atZone(ZoneOffset.UTC).toLocalDate();
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
