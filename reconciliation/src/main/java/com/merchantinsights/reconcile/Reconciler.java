package com.merchantinsights.reconcile;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.core.time.Grain;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One reconciliation of a range of UTC hours (decision 0019): reads the cube feed's pending cells, the raw store, the
 * warehouse and the events topic, in that order, and compares them ({@link Reconciliation}). The CLI's
 * {@code reconcile} command parses its options into a {@link Request} and prints the report; an admin route or a
 * cluster job can call it the same way.
 */
public final class Reconciler {
    /** Counting an hour's partitions is a longer read than the driver's 2-second default allows under load. */
    private static final Duration CASSANDRA_READ_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Where the engines and the cube feed are.
     *
     * @param cassandraContactPoints every Cassandra node the session may start from (a ring's nodes: one being down
     *                               must not stop a reconciliation)
     * @param cassandraUser     the Cassandra role to log in as; empty: no authentication
     * @param cassandraPassword its password
     * @param feed the cube feed's location, a directory or an {@code s3a://} URL (decision 0033: its cells files name
     *             what a batch not applied yet holds; decision 0052)
     */
    public record Sources(
            String kafkaBootstrapServers,
            List<InetSocketAddress> cassandraContactPoints,
            String cassandraLocalDatacenter,
            String jdbcUrl,
            String jdbcUser,
            String jdbcPassword,
            String cassandraUser,
            String cassandraPassword,
            String feed) {
        public Sources {
            Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
            cassandraContactPoints = List.copyOf(cassandraContactPoints);
            if (cassandraContactPoints.isEmpty()) {
                throw new IllegalArgumentException("no Cassandra contact point");
            }
            Objects.requireNonNull(cassandraLocalDatacenter, "cassandraLocalDatacenter");
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(feed, "feed");
        }

        /** A session builder for the raw store: its contact point, data centre and (when given) login. */
        public CqlSessionBuilder cassandra() {
            CqlSessionBuilder builder = CqlSession.builder()
                    .addContactPoints(List.copyOf(cassandraContactPoints))
                    .withLocalDatacenter(cassandraLocalDatacenter);
            return cassandraUser == null || cassandraUser.isEmpty()
                    ? builder
                    : builder.withAuthCredentials(cassandraUser, cassandraPassword);
        }

        /** Every source but the passwords, which a log line must not carry. */
        @Override
        public String toString() {
            return "Sources[kafkaBootstrapServers=" + kafkaBootstrapServers + ", cassandraContactPoints="
                    + cassandraContactPoints + ", cassandraLocalDatacenter=" + cassandraLocalDatacenter + ", jdbcUrl="
                    + jdbcUrl + ", jdbcUser=" + jdbcUser + ", jdbcPassword=***, cassandraUser=" + cassandraUser
                    + ", cassandraPassword=***, feed=" + feed + "]";
        }
    }

    /**
     * What to compare.
     *
     * @param start           first hour (inclusive)
     * @param end             end of the range (exclusive)
     * @param merchants       only these merchants; empty: all
     * @param settle          hours that ended less than this ago, and cells with records this recent, are pending
     * @param rawRetention    how long Cassandra keeps raw rows (the Spark driver's setting)
     * @param futureTolerance how far in the future the edge accepts occurred_at
     */
    public record Request(
            Instant start,
            Instant end,
            Set<String> merchants,
            Duration settle,
            Duration rawRetention,
            Duration futureTolerance) {
        public Request {
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("the range must start before it ends: " + start + " .. " + end);
            }
            merchants = Set.copyOf(merchants);
            Objects.requireNonNull(settle, "settle");
            Objects.requireNonNull(rawRetention, "rawRetention");
            Objects.requireNonNull(futureTolerance, "futureTolerance");
        }
    }

    private final Sources sources;

    public Reconciler(Sources sources) {
        this.sources = sources;
    }

    /** Compares [start, end) as of {@code now}; any engine that cannot be read throws. */
    public ReconciliationReport reconcile(Request request, Instant now) throws Exception {
        Set<String> only = request.merchants();
        Duration topicRetention = EventsTopicScan.retention(sources.kafkaBootstrapServers());
        Instant completeByRetention = topicRetention == null ? Instant.MIN : now.minus(topicRetention);
        List<Instant> hours = Reconciliation.hours(request.start(), request.end());
        // Read the stores first and the topic last: a record stored while the stores are read is on the topic and,
        // being recent, makes its cell pending instead of a mismatch.
        ReconciliationWindow byRetention = window(request, now, completeByRetention);
        List<Instant> comparable =
                hours.stream().filter(h -> anyCheck(byRetention, h)).toList();
        HourCounts rawRows;
        List<IdentityFinding> storedTwice;
        DeadLetterTally letters;
        Set<EventIdentity> erased;
        HourCounts cube;
        Set<HourMerchant> pending = new HashSet<>();
        DriverConfigLoader countingReads = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, CASSANDRA_READ_TIMEOUT)
                .build();
        try (Connection warehouse =
                DriverManager.getConnection(sources.jdbcUrl(), sources.jdbcUser(), sources.jdbcPassword())) {
            // The feed's pending cells before the raw rows and the cube totals: a batch the ETL applies meanwhile stays
            // excused (decision 0033).
            try (FeedFiles feed = FeedFiles.at(sources.feed())) {
                pending.addAll(PendingFeedCells.read(warehouse, feed, comparable));
            }
            try (CqlSession cassandra = cassandra(countingReads)) {
                RawStoreReads raw = new RawStoreReads(cassandra);
                RawStoreReads.RawRows held = raw.rawRows(comparable, only);
                rawRows = held.counts();
                storedTwice = held.storedTwice();
                LocalDate firstDay = firstLetterDay(request, completeByRetention, now);
                LocalDate lastDay = LocalDate.ofInstant(now, ZoneOffset.UTC);
                letters = raw.rejectedLetters(firstDay, lastDay);
                // Erased persons (issue 23): their topic records are forgotten, their suppressed events counted.
                erased = raw.erasedIdentities();
                raw.neverStoredErasedLetters(firstDay, lastDay, erased, letters);
            }
            cube = CubeTotalsReads.totals(warehouse, request.start(), request.end(), only);
            pending.addAll(CubeTotalsReads.rebuildRequested(warehouse, comparable));
        }
        EventsTopicScan.Result topic =
                EventsTopicScan.scan(sources.kafkaBootstrapServers(), topicRetention, now, now.minus(request.settle()));
        topic.identities().forget(erased);
        // Versions of one identity in two hours: where the stream stored it decides where it counts (decision 0026).
        Map<EventIdentity, Set<Instant>> undecided = topic.identities().undecided();
        Map<EventIdentity, List<StoredRow>> stored = Map.of();
        if (!undecided.isEmpty()) {
            try (CqlSession cassandra = cassandra(countingReads)) {
                stored = new RawStoreReads(cassandra).storedRows(undecided);
            }
        }
        TopicSide topicSide = TopicSide.of(topic.identities(), stored);
        // An identity stored in two hours of the range, whether or not the topic still holds its versions.
        List<IdentityFinding> findings = new ArrayList<>(topicSide.findings());
        storedTwice.stream()
                .filter(twice -> findings.stream()
                        .noneMatch(f -> f.kind() == twice.kind()
                                && f.merchantId().equals(twice.merchantId())
                                && f.eventId().equals(twice.eventId())))
                .forEach(findings::add);
        return new Reconciliation(window(request, now, topic.completeSince()), only)
                .compare(
                        request.start(),
                        request.end(),
                        new TopicSide(
                                topicSide.identities(),
                                topicSide.recentlyReceived(),
                                topicSide.recordsWithoutHour(),
                                findings),
                        new StoredSide(rawRows, letters.counts(), letters.withoutHour(), cube, pending));
    }

    private CqlSession cassandra(DriverConfigLoader config) {
        return sources.cassandra().withConfigLoader(config).build();
    }

    private static ReconciliationWindow window(Request request, Instant now, Instant topicCompleteSince) {
        var baseRetention = CubeDefinitionFile.standard().retention().get(Grain.QUARTER_HOUR);
        Duration base = Duration.between(
                now.atOffset(ZoneOffset.UTC).minus(baseRetention).toInstant(), now);
        return new ReconciliationWindow(
                now, request.settle(), topicCompleteSince, request.futureTolerance(), request.rawRetention(), base);
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
     * the future tolerance before the range on, and only records still on the topic are compared at all.
     */
    private static LocalDate firstLetterDay(Request request, Instant topicCompleteSince, Instant now) {
        Instant first = request.start().minus(request.futureTolerance());
        if (first.isBefore(topicCompleteSince)) {
            first = topicCompleteSince;
        }
        Instant oldestKept = now.minus(Topics.DEAD_LETTER_RETENTION);
        return (first.isBefore(oldestKept) ? oldestKept : first)
                .atZone(ZoneOffset.UTC)
                .toLocalDate();
    }
}
