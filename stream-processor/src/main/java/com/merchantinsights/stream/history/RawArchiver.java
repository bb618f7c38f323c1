package com.merchantinsights.stream.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.spark.connector.cql.CassandraConnector;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes hours of raw events to the Parquet archive (decision 0011): the marked hours once they have settled
 * (scheduled), or any range on request (backfill). Each hour is read whole from where it is complete
 * ({@link RawHistory}) and published as a new generation, then its marks up to the newest one read are cleared.
 * A crash in between leaves the marks, so the hour is archived again: the archive converges, never duplicates.
 * One run at a time (scheduled or backfill), so that two publishes of an hour never race for a generation name.
 */
public final class RawArchiver {
    private static final Logger LOG = LoggerFactory.getLogger(RawArchiver.class);

    private final SparkSession spark;
    private final ArchiveConfig config;
    private final Clock clock;
    private final ParquetArchive archive;
    private final RawHistory history;

    public RawArchiver(SparkSession spark, ArchiveConfig config, Clock clock) {
        this.spark = spark;
        this.config = config;
        this.clock = clock;
        this.archive = new ParquetArchive(spark, config.rootUrl());
        this.history = new RawHistory(spark, archive, config.retention());
    }

    public ParquetArchive archive() {
        return archive;
    }

    /** Archives every marked hour that ended at least {@code settle} ago. */
    public synchronized ArchiveSummary archiveMarkedHours() {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        try (CqlSession session =
                CassandraConnector.apply(spark.sparkContext().getConf()).openSession()) {
            ArchiveMarks marks = new ArchiveMarks(session);
            Map<Instant, Instant> marked = marks.snapshot();
            List<Instant> archived = new ArrayList<>();
            long rows = 0;
            int pending = 0;
            for (Map.Entry<Instant, Instant> hour : marked.entrySet()) {
                if (!config.settled(hour.getKey(), now)) {
                    pending++;
                    continue;
                }
                rows += Math.max(0, archiveHour(hour.getKey(), now));
                marks.clearThrough(hour.getKey(), hour.getValue());
                archived.add(hour.getKey());
            }
            return summary(archived, rows, pending, t0);
        }
    }

    /** Archives every hour of [from, to) now, settled or not, marked or not: a backfill. Marks are left alone. */
    public synchronized ArchiveSummary archiveRange(Instant from, Instant to) {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        List<Instant> archived = new ArrayList<>();
        long rows = 0;
        for (Instant hour = from.truncatedTo(ChronoUnit.HOURS);
                hour.isBefore(to);
                hour = hour.plus(1, ChronoUnit.HOURS)) {
            long written = archiveHour(hour, now);
            if (written >= 0) {
                rows += written;
                archived.add(hour);
            }
        }
        return summary(archived, rows, 0, t0);
    }

    private long archiveHour(Instant hour, Instant now) {
        long written = archive.publish(hour, history.hours(List.of(hour), Set.of(), now, null), now);
        LOG.info("archived hour {}: {} row(s) under {}", hour, Math.max(0, written), archive.root());
        return written;
    }

    private static ArchiveSummary summary(List<Instant> archived, long rows, int pending, long t0) {
        return new ArchiveSummary(archived, Math.max(0, rows), pending, (System.nanoTime() - t0) / 1_000_000);
    }
}
