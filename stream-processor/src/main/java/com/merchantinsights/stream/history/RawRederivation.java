package com.merchantinsights.stream.history;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.spark.connector.cql.CassandraConnector;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.stream.RawEventParsing;
import com.merchantinsights.stream.RawEventsTable;
import com.merchantinsights.stream.RawPartitions;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-derives raw events (decision 0012): the stored payloads of a range go through the current processing logic
 * ({@link RawEventParsing}, the stream's own) again, and the rows it yields are written as a new version of the range
 * in {@code raw_event_versions} — never over the live {@code raw_events}. The identities' conflict letters go through
 * it too, and of an identity's versions the one received first is kept (decision 0026), which corrects a version the
 * stream kept out of order under a backlog. Hours are read from Cassandra or, past its
 * retention, from the Parquet archive ({@link RawHistory}). A step covers a day of hours; the run record is updated
 * after each, and a re-run of the same request rewrites the same version, so a crash costs a re-run, not a mess.
 */
public final class RawRederivation {
    private static final Logger LOG = LoggerFactory.getLogger(RawRederivation.class);
    static final int HOURS_PER_STEP = 24;
    /** The Kafka partition a re-derived stored row and a conflict letter pose as: they are told apart by it. */
    static final int STORED_PARTITION = -1;

    static final int LETTER_PARTITION = -2;

    private final SparkSession spark;
    private final RawHistory history;
    private final Duration retention;
    private final Clock clock;

    public RawRederivation(SparkSession spark, RawHistory history, Duration retention, Clock clock) {
        this.spark = spark;
        this.history = history;
        this.retention = retention;
        this.clock = clock;
    }

    /** The status of a run of {@code request} that starts now: its version, before any work. */
    public RederiveStatus plan(RederiveRequest request) {
        return RederiveStatus.started(
                request.rawVersion(RawEventParsing.LOGIC_VERSION),
                RawEventParsing.LOGIC_VERSION,
                request,
                clock.instant());
    }

    /** Runs a planned request on the caller's thread, telling {@code progress} after every step. */
    public RederiveStatus run(RederiveStatus planned, Consumer<RederiveStatus> progress) {
        RederiveStatus status = planned;
        RederiveRequest request = planned.request();
        String rawVersion = planned.rawVersion();
        Instant now = planned.startedAt();
        CassandraConnector connector =
                CassandraConnector.apply(spark.sparkContext().getConf());
        try (CqlSession session = connector.openSession()) {
            RawVersionRuns runs = new RawVersionRuns(session);
            runs.record(status);
            progress.accept(status);
            try {
                List<Instant> hours = request.hours();
                for (int from = 0; from < hours.size(); from += HOURS_PER_STEP) {
                    List<Instant> step = hours.subList(from, Math.min(hours.size(), from + HOURS_PER_STEP));
                    status = step(status, step, connector, now);
                    runs.record(status);
                    progress.accept(status);
                }
                status = status.finished(clock.instant());
                LOG.info(
                        "re-derived {} ({} .. {}): {} read, {} written, rejected {}",
                        rawVersion,
                        request.from(),
                        request.to(),
                        status.eventsRead(),
                        status.rowsWritten(),
                        status.rejected());
            } catch (RuntimeException e) {
                status = status.failed(clock.instant(), e.toString());
                LOG.error(
                        "re-derivation {} failed; running it again resumes by rewriting the same version",
                        rawVersion,
                        e);
            }
            runs.record(status);
            progress.accept(status);
            return status;
        }
    }

    private RederiveStatus step(RederiveStatus status, List<Instant> hours, CassandraConnector connector, Instant now) {
        Dataset<Row> stored = history.hours(
                hours, status.request().merchants(), now, status.request().source());
        // The stored payload goes in as the Kafka value did; the original ingest time rides in the Kafka timestamp.
        Dataset<Row> records = stored.select(
                        col(RawEventsTable.PAYLOAD).as("value"),
                        lit(STORED_PARTITION).as("partition"),
                        lit(-1L).as("offset"),
                        col(RawEventsTable.INGESTED_AT).as("timestamp"))
                .unionByName(conflictingVersions(hours, now));
        Dataset<Row> parsed = RawEventParsing.parse(records, now, RawPartitions.shardLayout(spark))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> rows = firstReceived(
                            parsed.filter(col(RawEventParsing.REJECTION).isNull()))
                    .withColumn(RawEventsTable.INGESTED_AT, col(RawEventParsing.KAFKA_TIMESTAMP))
                    .select(RawEventsTable.columns());
            rows.foreachPartition(new RawRowWriter(connector, status.rawVersion(), now, retention));

            long read = 0;
            long written = 0;
            Map<String, Long> rejected = new HashMap<>();
            // What was read and rejected is the stored rows' (conflict letters only compete for an identity's row).
            for (Row outcome : parsed.filter(
                            col(RawEventParsing.KAFKA_PARTITION).equalTo(STORED_PARTITION))
                    .groupBy(RawEventParsing.REJECTION)
                    .count()
                    .collectAsList()) {
                String code = outcome.getString(0);
                long n = outcome.getLong(1);
                read += n;
                if (code == null) {
                    written += n;
                } else {
                    rejected.put(code, n);
                }
            }
            Set<Instant> outputHours = new HashSet<>();
            for (Row hour : rows.select(RawEventsTable.EVENT_HOUR).distinct().collectAsList()) {
                outputHours.add(((Timestamp) hour.get(0)).toInstant());
            }
            return status.plus(hours.size(), read, written, rejected, outputHours);
        } finally {
            parsed.unpersist();
        }
    }

    /**
     * The conflict letters recorded from the day before these hours (the edge accepts 15 minutes of future skew) to
     * today, as Kafka records with their letter's time, marked by partition {@link #LETTER_PARTITION}: versions the
     * stream did not keep (decision 0026). Only those of identities stored in the hours survive {@link #firstReceived}.
     */
    private Dataset<Row> conflictingVersions(List<Instant> hours, Instant now) {
        LocalDate first = hours.stream()
                .min(Instant::compareTo)
                .orElseThrow()
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .minusDays(1);
        List<Object> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(now.atZone(ZoneOffset.UTC).toLocalDate()); day = day.plusDays(1)) {
            days.add(java.sql.Date.valueOf(day));
        }
        return RawPartitions.table(spark, RawEventLayout.DEAD_LETTERS_TABLE)
                .filter(col(DeadLetterFields.KIND)
                        .equalTo(DeadLetterFields.KIND_CONFLICT)
                        .and(col("recorded_day").isin(days.toArray())))
                .select(
                        col(DeadLetterFields.PAYLOAD).as("value"),
                                lit(LETTER_PARTITION).as("partition"),
                        lit(-1L).as("offset"), col("recorded_at").as("timestamp"));
    }

    /**
     * Of the versions of each identity that has a stored row among them, the one the events API received first (the
     * stream's rule, decision 0026); identities only letters name are left out (they are stored in other hours).
     */
    static Dataset<Row> firstReceived(Dataset<Row> versions) {
        WindowSpec identity = Window.partitionBy(RawEventsTable.MERCHANT_ID, RawEventsTable.EVENT_ID);
        WindowSpec ordered = identity.orderBy(
                col(RawEventsTable.RECEIVED_AT).asc_nulls_last(),
                col(RawEventParsing.KAFKA_PARTITION).desc(),
                col(RawEventParsing.KAFKA_TIMESTAMP).asc());
        return versions.withColumn("version_rank", row_number().over(ordered))
                .withColumn(
                        "has_stored_row",
                        max(when(col(RawEventParsing.KAFKA_PARTITION).equalTo(STORED_PARTITION), 1)
                                        .otherwise(0))
                                .over(identity))
                .filter(col("version_rank").equalTo(1).and(col("has_stored_row").equalTo(1)))
                .drop("version_rank", "has_stored_row");
    }
}
