package com.merchantinsights.stream.history;

import static org.apache.spark.sql.functions.col;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.spark.connector.cql.CassandraConnector;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.RawHistorySource;
import com.merchantinsights.stream.RawEventsTable;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a re-derived raw version the live raw events of some hours and merchants, when the reprocessing switch makes
 * its cubes live (decisions 0012, 0016), and takes it back on rollback. The rows it replaces are first saved as
 * version {@code before-run-<id>}. Within Cassandra's retention the version's rows are upserted into
 * {@code raw_events}, the replaced rows the version lacks (an event the new logic moved or rejected) are deleted,
 * and the hours are marked for the archiver; hours only the archive holds get a new archive generation. Every step
 * is idempotent: a promotion cut short is simply run again.
 */
public final class RawPromotion {
    private static final Logger LOG = LoggerFactory.getLogger(RawPromotion.class);
    private static final List<String> IDENTITY = List.of(
            RawEventsTable.EVENT_HOUR, RawEventsTable.SHARD, RawEventsTable.MERCHANT_ID, RawEventsTable.EVENT_ID);

    private final SparkSession spark;
    private final RawHistory history;
    private final ParquetArchive archive;
    private final Duration retention;
    private final Clock clock;

    public RawPromotion(
            SparkSession spark, RawHistory history, ParquetArchive archive, Duration retention, Clock clock) {
        this.spark = spark;
        this.history = history;
        this.archive = archive;
        this.retention = retention;
        this.clock = clock;
    }

    /** The version that keeps what a promotion replaced, so that a rollback can put it back. */
    public static String backupVersion(long runId) {
        return "before-run-" + runId;
    }

    /** Saves the live rows of the hours and merchants as {@link #backupVersion}; once, before the first promotion. */
    public void backup(long runId, Collection<Instant> hours, Set<String> merchants) {
        Instant now = clock.instant();
        history.hours(hours, merchants, now, null)
                .foreachPartition(new RawRowWriter(
                        CassandraConnector.apply(spark.sparkContext().getConf()),
                        backupVersion(runId),
                        now,
                        retention));
    }

    /** Makes {@code rawVersion} the live raw events of the hours and merchants. */
    public void promote(long runId, String rawVersion, Collection<Instant> hours, Set<String> merchants) {
        replace(hours, merchants, RawHistory.version(spark, rawVersion, hours, merchants), clock.instant());
        LOG.info(
                "raw version {} is live for {} hour(s), {} merchant(s) (run {})",
                rawVersion,
                hours.size(),
                merchants.isEmpty() ? "all" : merchants.size(),
                runId);
    }

    /** Puts back the rows a promotion of run {@code runId} replaced. */
    public void restore(long runId, Collection<Instant> hours, Set<String> merchants) {
        replace(hours, merchants, RawHistory.version(spark, backupVersion(runId), hours, merchants), clock.instant());
        LOG.info("raw events before run {} are live again for {} hour(s)", runId, hours.size());
    }

    private void replace(Collection<Instant> hours, Set<String> merchants, Dataset<Row> next, Instant now) {
        List<Instant> stored = new ArrayList<>();
        List<Instant> archivedOnly = new ArrayList<>();
        for (Instant hour : hours) {
            (RawHistorySource.of(hour, now, retention) == RawHistorySource.ARCHIVE ? archivedOnly : stored).add(hour);
        }
        CassandraConnector connector =
                CassandraConnector.apply(spark.sparkContext().getConf());
        if (!stored.isEmpty()) {
            Dataset<Row> nextStored = inHours(next, stored).cache();
            try {
                nextStored.foreachPartition(new RawRowWriter(connector, null, now, retention));
                history.hours(stored, merchants, now, RawHistorySource.CASSANDRA)
                        .select(IDENTITY.stream()
                                .map(org.apache.spark.sql.functions::col)
                                .toArray(org.apache.spark.sql.Column[]::new))
                        .join(
                                nextStored.select(IDENTITY.stream()
                                        .map(org.apache.spark.sql.functions::col)
                                        .toArray(org.apache.spark.sql.Column[]::new)),
                                scala.jdk.javaapi.CollectionConverters.asScala(IDENTITY)
                                        .toSeq(),
                                "left_anti")
                        .foreachPartition(new Deleter(connector));
            } finally {
                nextStored.unpersist();
            }
            markForArchive(connector, stored, now);
        }
        for (Instant hour : archivedOnly) {
            Dataset<Row> others = merchants.isEmpty()
                    ? spark.createDataFrame(List.of(), RawEventsTable.SCHEMA)
                    : archive.read(List.of(hour))
                            .filter(col(RawEventsTable.MERCHANT_ID)
                                    .isin(merchants.toArray())
                                    .unary_$bang());
            archive.publish(hour, others.unionByName(inHours(next, List.of(hour))), now);
        }
    }

    private static Dataset<Row> inHours(Dataset<Row> rows, Collection<Instant> hours) {
        return rows.filter(col(RawEventsTable.EVENT_HOUR)
                .isin(hours.stream().map(Timestamp::from).toArray()));
    }

    /** The archiver rewrites these hours from Cassandra on its next run (decision 0011). */
    private static void markForArchive(CassandraConnector connector, List<Instant> hours, Instant now) {
        try (CqlSession session = connector.openSession()) {
            PreparedStatement mark = session.prepare("INSERT INTO " + RawEventLayout.KEYSPACE + "."
                    + RawEventLayout.ARCHIVE_MARKS_TABLE + " (event_hour, marked_at) VALUES (?, ?)");
            for (Instant hour : hours) {
                session.execute(mark.bind(hour, now).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
            }
        }
    }

    /** Deletes live raw rows by their full primary key, on the executors. */
    private static final class Deleter implements ForeachPartitionFunction<Row> {
        private static final int IN_FLIGHT = 128;
        private final CassandraConnector connector;

        Deleter(CassandraConnector connector) {
            this.connector = connector;
        }

        @Override
        public void call(Iterator<Row> rows) {
            if (!rows.hasNext()) {
                return;
            }
            try (CqlSession session = connector.openSession()) {
                PreparedStatement delete = session.prepare("DELETE FROM " + RawEventLayout.KEYSPACE + "."
                        + RawEventLayout.RAW_EVENTS_TABLE + " WHERE event_hour = ? AND shard = ? AND merchant_id = ?"
                        + " AND event_id = ?");
                List<CompletableFuture<?>> inFlight = new ArrayList<>();
                while (rows.hasNext()) {
                    Row row = rows.next();
                    Object hour = row.get(0);
                    inFlight.add(session.executeAsync(delete.bind(
                                            hour instanceof Timestamp t ? t.toInstant() : hour,
                                            row.getInt(1),
                                            row.getString(2),
                                            row.getString(3))
                                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                                    .setIdempotent(true))
                            .toCompletableFuture());
                    if (inFlight.size() >= IN_FLIGHT) {
                        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                                .join();
                        inFlight.clear();
                    }
                }
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                        .join();
            }
        }
    }
}
