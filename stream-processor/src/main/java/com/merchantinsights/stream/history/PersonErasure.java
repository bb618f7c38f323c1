package com.merchantinsights.stream.history;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.spark.connector.cql.CassandraConnector;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import com.merchantinsights.core.privacy.Pseudonymizer;
import com.merchantinsights.stream.RawEventsTable;
import com.merchantinsights.stream.RawLayoutSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes one person's data from the raw side (issue 23, decision 0053): finds their events in {@code person_events}
 * (one slice per hour of the raw store's retention), confirms each against its raw row (a lookup row may be stale:
 * an event id whose stored version now names someone else is left alone), remembers the erased identities so that a
 * re-send is a dead letter, then deletes the live raw rows, their recent-identity rows, every raw version's rows,
 * the lookup rows and the dead letters that carry the person, and rewrites the archive hours that hold them (hours
 * older than the retention are found by reading the archive itself). What it answers is what the cubes must rebuild.
 * Every step is idempotent: a pass interrupted and run again finishes the job.
 */
public final class PersonErasure {
    /** The stores, as the request's progress names them. */
    public static final String RAW_EVENTS = "raw_events";

    public static final String RAW_VERSIONS = "raw_versions";
    public static final String DEAD_LETTERS = "dead_letters";
    public static final String ARCHIVE = "archive";
    public static final String ERASED_EVENTS = "erased_events";

    /** Told what a store's step did, as soon as it is done. */
    public interface Progress {
        void done(String store, Map<String, Long> figures);
    }

    /**
     * What the pass did.
     *
     * @param rebuildHours the hours whose cube rows of the merchant must be rebuilt from raw events
     */
    public record Outcome(
            long rawRowsDeleted,
            long versionRowsDeleted,
            long deadLettersDeleted,
            int archiveHoursRewritten,
            long archiveRowsRemoved,
            long erasedEventsRemembered,
            Set<Instant> rebuildHours) {}

    private static final Logger LOG = LoggerFactory.getLogger(PersonErasure.class);
    private static final int IN_FLIGHT = 64;
    private static final int MAX_IN_KEYS = 100;
    /** How long a dead letter lives ({@code dead_letters}' default TTL in cassandra.cql). */
    private static final Duration LETTERS_KEPT = Duration.ofDays(90);

    /** The dead letters that can carry a person's data; {@code erased} letters carry none. */
    private static final List<String> LETTER_KINDS =
            List.of(DeadLetterFields.KIND_REJECTED, DeadLetterFields.KIND_CONFLICT);

    private final SparkSession spark;
    private final java.util.Optional<ParquetArchive> archive;
    private final Duration retention;
    private final Clock clock;

    /** @param archive the Parquet archive, if the installation keeps one */
    public PersonErasure(
            SparkSession spark, java.util.Optional<ParquetArchive> archive, Duration retention, Clock clock) {
        this.spark = spark;
        this.archive = archive;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * @param persons     {@code c:}/{@code a:} and the identifier in every form it may be stored under
     * @param rawVersions raw versions that may hold rows besides the re-derived ones in raw_version_runs (which are
     *                    read here): the promotions' backups
     */
    public Outcome erase(
            String erasureId,
            String merchantId,
            Collection<String> persons,
            boolean suppress,
            Collection<String> rawVersions,
            Progress progress) {
        Instant now = clock.instant();
        Set<String> customers = identifiers(persons, "c:");
        Set<String> anonymous = identifiers(persons, "a:");
        try (CqlSession session =
                CassandraConnector.apply(spark.sparkContext().getConf()).openSession()) {
            Cql cql = new Cql(session);
            ShardLayout layout = RawLayoutSettings.read(session);
            Set<String> allVersions = new TreeSet<>(rawVersions);
            for (Row row : session.execute("SELECT DISTINCT raw_version FROM " + RawEventLayout.KEYSPACE + "."
                    + RawEventLayout.RAW_VERSION_RUNS_TABLE)) {
                allVersions.add(row.getString(0));
            }
            int buckets = RawLayoutSettings.storedIdentityBuckets(session);
            int erasedTtl = RawEventLayout.erasedTtlSeconds(retention);
            // First the registry: a micro-batch that starts from now on checks this merchant's records.
            List<CompletionStage<?>> registered = new ArrayList<>();
            registered.add(cql.run(cql.register.bind(merchantId, "", erasureId, erasedTtl)));
            if (suppress) {
                for (String person : suppressed(persons)) {
                    registered.add(cql.run(cql.suppress.bind(merchantId, person, erasureId)));
                }
            }
            await(registered);

            Map<Instant, Set<String>> found = find(cql, layout, merchantId, persons, now);
            Map<Instant, Set<String>> live = confirmed(
                    cql,
                    found,
                    (hour, shard, ids) -> cql.liveRows.bind(hour, shard, merchantId, new ArrayList<>(ids)),
                    layout,
                    customers,
                    anonymous);
            Map<String, Map<Instant, Set<String>>> versions = new LinkedHashMap<>();
            for (String version : allVersions) {
                Map<Instant, Set<String>> rows = confirmed(
                        cql,
                        found,
                        (hour, shard, ids) ->
                                cql.versionRows.bind(version, hour, shard, merchantId, new ArrayList<>(ids)),
                        layout,
                        customers,
                        anonymous);
                if (!rows.isEmpty()) {
                    versions.put(version, rows);
                }
            }

            Set<String> erasedIds = new TreeSet<>();
            live.values().forEach(erasedIds::addAll);
            versions.values().forEach(byHour -> byHour.values().forEach(erasedIds::addAll));
            // The letters first: their events (a record the stream rejected, say) are the person's too, and are
            // remembered with the stored ones, so that the reconciliation forgets their topic records as well.
            Set<String> letterIds = new TreeSet<>();
            long lettersDeleted = deadLetters(cql, merchantId, erasedIds, persons, now, letterIds);
            progress.done(DEAD_LETTERS, Map.of("deleted", lettersDeleted));
            erasedIds.addAll(letterIds);
            List<CompletionStage<?>> remembered = new ArrayList<>();
            for (String eventId : erasedIds) {
                int bucket = RawEventLayout.identityBucketOf(merchantId, eventId, buckets);
                remembered.add(cql.run(cql.erased.bind(bucket, merchantId, eventId, erasureId, erasedTtl)));
                throttle(remembered);
            }
            await(remembered);
            progress.done(ERASED_EVENTS, Map.of("remembered", (long) erasedIds.size()));

            long rawDeleted = 0;
            List<CompletionStage<?>> deletes = new ArrayList<>();
            for (Map.Entry<Instant, Set<String>> hour : live.entrySet()) {
                for (String eventId : hour.getValue()) {
                    int shard = layout.shardOf(eventId, hour.getKey());
                    int bucket = RawEventLayout.identityBucketOf(merchantId, eventId, buckets);
                    deletes.add(cql.run(cql.deleteLive.bind(hour.getKey(), shard, merchantId, eventId)));
                    deletes.add(cql.run(cql.deleteIdentity.bind(bucket, merchantId, eventId)));
                    rawDeleted++;
                    throttle(deletes);
                }
            }
            await(deletes);
            progress.done(RAW_EVENTS, Map.of("rows_deleted", rawDeleted));

            long versionDeleted = 0;
            for (Map.Entry<String, Map<Instant, Set<String>>> version : versions.entrySet()) {
                for (Map.Entry<Instant, Set<String>> hour : version.getValue().entrySet()) {
                    for (String eventId : hour.getValue()) {
                        int shard = layout.shardOf(eventId, hour.getKey());
                        deletes.add(cql.run(
                                cql.deleteVersion.bind(version.getKey(), hour.getKey(), shard, merchantId, eventId)));
                        versionDeleted++;
                        throttle(deletes);
                    }
                }
            }
            await(deletes);
            progress.done(RAW_VERSIONS, Map.of("rows_deleted", versionDeleted));

            long archiveRemoved = 0;
            int archiveRewritten = 0;
            Set<Instant> rebuild = new TreeSet<>(live.keySet());
            if (archive.isPresent()) {
                Set<Instant> archiveCandidates = new TreeSet<>(found.keySet());
                Instant horizon = now.minus(retention).truncatedTo(ChronoUnit.HOURS);
                archiveCandidates.addAll(
                        archivedHoursHolding(archive.get(), merchantId, customers, anonymous, horizon));
                for (Instant hour : archiveCandidates) {
                    long removed = rewriteArchiveHour(archive.get(), hour, merchantId, customers, anonymous, now);
                    if (removed > 0) {
                        archiveRemoved += removed;
                        archiveRewritten++;
                        rebuild.add(hour);
                    }
                }
            }
            progress.done(ARCHIVE, Map.of("hours_rewritten", (long) archiveRewritten, "rows_removed", archiveRemoved));
            // The lookup rows last: a pass that fails before here finds the person again when it is run again.
            for (Map.Entry<Instant, Set<String>> hour : found.entrySet()) {
                for (String person : persons) {
                    int shard = RawEventLayout.personShardOf(merchantId, person, layout.shardsOf(hour.getKey()));
                    deletes.add(cql.run(cql.deletePerson.bind(hour.getKey(), shard, merchantId, person)));
                    throttle(deletes);
                }
            }
            await(deletes);
            // A rebuild reads raw rows from Cassandra only: the merchant-local days of older hours would be rebuilt
            // from nothing. Their cube rows keep the person's aggregates (no identifier; the sketches hold hashes).
            Instant rebuildable = now.minus(retention).plus(Duration.ofDays(2));
            rebuild.removeIf(hour -> hour.isBefore(rebuildable));
            LOG.info(
                    "erasure {} of merchant {}: {} raw row(s), {} version row(s), {} dead letter(s), {} archive row(s)"
                            + " in {} hour(s)",
                    erasureId,
                    merchantId,
                    rawDeleted,
                    versionDeleted,
                    lettersDeleted,
                    archiveRemoved,
                    archiveRewritten);
            return new Outcome(
                    rawDeleted,
                    versionDeleted,
                    lettersDeleted,
                    archiveRewritten,
                    archiveRemoved,
                    erasedIds.size(),
                    rebuild);
        }
    }

    /**
     * The forms of the person the stream must suppress: their pseudonyms when the installation pseudonymises (the
     * stream never sees the identifier as sent, which the registry then need not keep), else the identifiers.
     */
    static List<String> suppressed(Collection<String> persons) {
        List<String> pseudonyms = persons.stream()
                .filter(person -> Pseudonymizer.isPseudonym(person.substring(2)))
                .toList();
        return pseudonyms.isEmpty() ? List.copyOf(persons) : pseudonyms;
    }

    /** The identifiers of one kind ({@code c:} or {@code a:}), without the prefix. */
    static Set<String> identifiers(Collection<String> persons, String prefix) {
        Set<String> values = new HashSet<>();
        for (String person : persons) {
            if (person.startsWith(prefix)) {
                values.add(person.substring(prefix.length()));
            }
        }
        return values;
    }

    /** The lookup's event ids of the persons, per hour, over the raw store's retention and the edge's tolerance. */
    private Map<Instant, Set<String>> find(
            Cql cql, ShardLayout layout, String merchantId, Collection<String> persons, Instant now) {
        Instant first = RawEventLayout.eventHour(now.minus(retention).minus(RawEventLayout.MIN_TTL));
        Instant last = RawEventLayout.eventHour(now.plus(Duration.ofHours(1)));
        Map<Instant, Set<String>> found = new TreeMap<>();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (Instant hour = first; !hour.isAfter(last); hour = hour.plus(1, ChronoUnit.HOURS)) {
            int shards = layout.shardsOf(hour);
            for (String person : persons) {
                Instant at = hour;
                int shard = RawEventLayout.personShardOf(merchantId, person, shards);
                reads.add(cql.rows(cql.personEvents.bind(at, shard, merchantId, person))
                        .thenAccept(rows -> {
                            synchronized (found) {
                                for (Row row : rows) {
                                    found.computeIfAbsent(at, h -> new TreeSet<>())
                                            .add(row.getString("event_id"));
                                }
                            }
                        }));
                if (reads.size() >= IN_FLIGHT) {
                    await(reads);
                    reads.clear();
                }
            }
        }
        await(reads);
        return found;
    }

    /** A read of rows of one partition and merchant by event ids. */
    private interface RowRead {
        Statement<?> bind(Instant hour, int shard, Collection<String> eventIds);
    }

    /** The ids per hour whose row exists and still names the person. */
    private static Map<Instant, Set<String>> confirmed(
            Cql cql,
            Map<Instant, Set<String>> found,
            RowRead read,
            ShardLayout layout,
            Set<String> customers,
            Set<String> anonymous) {
        Map<Instant, Set<String>> confirmed = new TreeMap<>();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (Map.Entry<Instant, Set<String>> hour : found.entrySet()) {
            Map<Integer, List<String>> byShard = new HashMap<>();
            for (String id : hour.getValue()) {
                byShard.computeIfAbsent(layout.shardOf(id, hour.getKey()), s -> new ArrayList<>())
                        .add(id);
            }
            for (Map.Entry<Integer, List<String>> shard : byShard.entrySet()) {
                List<String> ids = shard.getValue();
                for (int from = 0; from < ids.size(); from += MAX_IN_KEYS) {
                    List<String> slice = ids.subList(from, Math.min(ids.size(), from + MAX_IN_KEYS));
                    reads.add(cql.rows(read.bind(hour.getKey(), shard.getKey(), slice))
                            .thenAccept(rows -> {
                                synchronized (confirmed) {
                                    for (Row row : rows) {
                                        if (customers.contains(row.getString(RawEventsTable.CUSTOMER_ID))
                                                || anonymous.contains(row.getString(RawEventsTable.ANONYMOUS_ID))) {
                                            confirmed
                                                    .computeIfAbsent(hour.getKey(), h -> new TreeSet<>())
                                                    .add(row.getString(RawEventsTable.EVENT_ID));
                                        }
                                    }
                                }
                            }));
                    if (reads.size() >= IN_FLIGHT) {
                        await(reads);
                        reads.clear();
                    }
                }
            }
        }
        await(reads);
        return confirmed;
    }

    /**
     * Deletes the merchant's rejected and conflict letters, over the letters' retention, that name one of the erased
     * events or carry one of the person's identifiers in their payload.
     */
    private long deadLetters(
            Cql cql,
            String merchantId,
            Set<String> erasedIds,
            Collection<String> persons,
            Instant now,
            Set<String> letterEventIds) {
        Set<String> customers = identifiers(persons, "c:");
        Set<String> anonymous = identifiers(persons, "a:");
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        // The letters' own TTL (90 days) or the raw retention, whichever is longer.
        Duration kept = retention.compareTo(LETTERS_KEPT) > 0 ? retention : LETTERS_KEPT;
        LocalDate first = now.minus(kept)
                .minus(RawEventLayout.MIN_TTL)
                .atZone(ZoneOffset.UTC)
                .toLocalDate();
        long deleted = 0;
        List<CompletionStage<?>> deletes = new ArrayList<>();
        for (String kind : LETTER_KINDS) {
            for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
                for (Row row : cql.session.execute(
                        cql.letters.bind(kind, day).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
                    if (!merchantId.equals(row.getString("merchant_id"))) {
                        continue;
                    }
                    String eventId = row.getString("event_id");
                    boolean ofAnErasedEvent = eventId != null && erasedIds.contains(eventId);
                    if (ofAnErasedEvent || LetterPersons.names(row.getString("payload"), customers, anonymous)) {
                        // A rejected record of theirs is remembered as erased; a conflicting version naming them
                        // whose identity was stored as someone else's is not (that identity is not theirs).
                        if (eventId != null && (ofAnErasedEvent || DeadLetterFields.KIND_REJECTED.equals(kind))) {
                            letterEventIds.add(eventId);
                        }
                        deletes.add(cql.run(cql.deleteLetter.bind(
                                kind, day, row.getInstant("recorded_at"), row.getUuid("dead_letter_id"))));
                        deleted++;
                        throttle(deletes);
                    }
                }
            }
        }
        await(deletes);
        return deleted;
    }

    /**
     * The person's rows, never null: a row without identifiers (null columns) must stay in the rewritten hour, and a
     * null predicate would drop it from both sides of the filter.
     */
    static Column person(String merchantId, Set<String> customers, Set<String> anonymous) {
        Column theirs = col(RawEventsTable.MERCHANT_ID)
                .equalTo(merchantId)
                .and(col(RawEventsTable.CUSTOMER_ID)
                        .isin(customers.toArray())
                        .or(col(RawEventsTable.ANONYMOUS_ID).isin(anonymous.toArray())));
        return coalesce(theirs, lit(false));
    }

    /** Archive hours before the horizon (beyond the lookup's reach) that hold the person: the archive read for it. */
    private static List<Instant> archivedHoursHolding(
            ParquetArchive archive, String merchantId, Set<String> customers, Set<String> anonymous, Instant horizon) {
        List<Instant> old = archive.hoursBefore(horizon);
        if (old.isEmpty()) {
            return List.of();
        }
        List<Instant> holding = new ArrayList<>();
        for (org.apache.spark.sql.Row row : archive.read(old)
                .filter(person(merchantId, customers, anonymous))
                .select(RawEventsTable.EVENT_HOUR)
                .distinct()
                .collectAsList()) {
            Object hour = row.get(0);
            holding.add(hour instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) hour);
        }
        return holding;
    }

    /** Rewrites the hour's archive without the person; answers the rows removed (0: the hour was left alone). */
    private static long rewriteArchiveHour(
            ParquetArchive archive,
            Instant hour,
            String merchantId,
            Set<String> customers,
            Set<String> anonymous,
            Instant now) {
        if (archive.currentFile(hour).isEmpty()) {
            return 0;
        }
        Dataset<org.apache.spark.sql.Row> rows = archive.read(List.of(hour));
        Column theirs = person(merchantId, customers, anonymous);
        long removed = rows.filter(theirs).count();
        if (removed == 0) {
            return 0;
        }
        long kept = archive.publish(hour, rows.filter(not(theirs)), now);
        if (kept < 0) {
            archive.deleteHour(hour);
        } else {
            archive.keepOnlyNewest(hour);
        }
        return removed;
    }

    private static void throttle(List<CompletionStage<?>> inFlight) {
        if (inFlight.size() >= IN_FLIGHT) {
            await(inFlight);
            inFlight.clear();
        }
    }

    private static void await(List<? extends CompletionStage<?>> stages) {
        CompletableFuture.allOf(stages.stream()
                        .map(CompletionStage::toCompletableFuture)
                        .toArray(CompletableFuture[]::new))
                .join();
    }

    /** The statements, prepared once per pass. */
    private static final class Cql {
        private static final String KS = RawEventLayout.KEYSPACE + ".";
        final CqlSession session;
        final PreparedStatement register;
        final PreparedStatement suppress;
        final PreparedStatement personEvents;
        final PreparedStatement liveRows;
        final PreparedStatement versionRows;
        final PreparedStatement erased;
        final PreparedStatement deleteLive;
        final PreparedStatement deleteIdentity;
        final PreparedStatement deletePerson;
        final PreparedStatement deleteVersion;
        final PreparedStatement letters;
        final PreparedStatement deleteLetter;

        Cql(CqlSession session) {
            this.session = session;
            String registry = KS + RawEventLayout.ERASURE_REGISTRY_TABLE + " (scope, merchant_id, person, erasure_id)"
                    + " VALUES ('" + RawEventLayout.ERASURE_REGISTRY_SCOPE + "', ?, ?, ?)";
            register = session.prepare("INSERT INTO " + registry + " USING TTL ?");
            suppress = session.prepare("INSERT INTO " + registry);
            personEvents = session.prepare("SELECT event_id FROM " + KS + RawEventLayout.PERSON_EVENTS_TABLE
                    + " WHERE event_hour = ? AND shard = ? AND merchant_id = ? AND person = ?");
            liveRows = session.prepare("SELECT event_id, customer_id, anonymous_id FROM " + KS
                    + RawEventLayout.RAW_EVENTS_TABLE
                    + " WHERE event_hour = ? AND shard = ? AND merchant_id = ? AND event_id IN ?");
            versionRows = session.prepare("SELECT event_id, customer_id, anonymous_id FROM " + KS
                    + RawEventLayout.RAW_EVENT_VERSIONS_TABLE
                    + " WHERE raw_version = ? AND event_hour = ? AND shard = ? AND merchant_id = ? AND event_id IN ?");
            erased = session.prepare("INSERT INTO " + KS + RawEventLayout.ERASED_EVENTS_TABLE
                    + " (bucket, merchant_id, event_id, erasure_id) VALUES (?, ?, ?, ?) USING TTL ?");
            deleteLive = session.prepare("DELETE FROM " + KS + RawEventLayout.RAW_EVENTS_TABLE
                    + " WHERE event_hour = ? AND shard = ? AND merchant_id = ? AND event_id = ?");
            deleteIdentity = session.prepare("DELETE FROM " + KS + RawEventLayout.RECENT_IDENTITIES_TABLE
                    + " WHERE bucket = ? AND merchant_id = ? AND event_id = ?");
            deletePerson = session.prepare("DELETE FROM " + KS + RawEventLayout.PERSON_EVENTS_TABLE
                    + " WHERE event_hour = ? AND shard = ? AND merchant_id = ? AND person = ?");
            deleteVersion = session.prepare("DELETE FROM " + KS + RawEventLayout.RAW_EVENT_VERSIONS_TABLE
                    + " WHERE raw_version = ? AND event_hour = ? AND shard = ? AND merchant_id = ? AND event_id = ?");
            letters = session.prepare("SELECT recorded_at, dead_letter_id, merchant_id, event_id, payload FROM " + KS
                    + RawEventLayout.DEAD_LETTERS_TABLE + " WHERE kind = ? AND recorded_day = ?");
            deleteLetter = session.prepare("DELETE FROM " + KS + RawEventLayout.DEAD_LETTERS_TABLE
                    + " WHERE kind = ? AND recorded_day = ? AND recorded_at = ? AND dead_letter_id = ?");
        }

        CompletionStage<?> run(Statement<?> statement) {
            return session.executeAsync(
                    statement.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).setIdempotent(true));
        }

        /** Every row of a read, all pages. */
        CompletableFuture<List<Row>> rows(Statement<?> statement) {
            List<Row> rows = new ArrayList<>();
            return session.executeAsync(statement
                            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                            .setIdempotent(true))
                    .thenCompose(page -> pages(page, rows))
                    .toCompletableFuture();
        }

        private static CompletionStage<List<Row>> pages(AsyncResultSet page, List<Row> rows) {
            page.currentPage().forEach(rows::add);
            return page.hasMorePages()
                    ? page.fetchNextPage().thenCompose(next -> pages(next, rows))
                    : CompletableFuture.completedFuture(rows);
        }
    }
}
