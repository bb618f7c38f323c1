package com.merchantinsights.stream.history;

import static org.apache.spark.sql.functions.col;

import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.RawHistorySource;
import com.merchantinsights.stream.RawEventsTable;
import com.merchantinsights.stream.RawPartitions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads complete hours of raw events wherever they are ({@link RawHistorySource}): Cassandra while it holds the
 * whole hour, the archive once the hour has expired there, and in between Cassandra's rows plus the archived rows
 * Cassandra no longer has. An identity appears once either way.
 */
public final class RawHistory {
    /** The raw rows of whole hours in the live store (Cassandra; a fake in unit tests). */
    interface LiveStore {
        Dataset<Row> hours(Collection<Instant> hours);
    }

    private final SparkSession spark;
    private final ParquetArchive archive;
    private final Duration retention;
    private final LiveStore live;

    public RawHistory(SparkSession spark, ParquetArchive archive, Duration retention) {
        this.spark = spark;
        this.archive = archive;
        this.retention = retention;
        this.live = this::cassandra;
    }

    RawHistory(SparkSession spark, ParquetArchive archive, Duration retention, LiveStore live) {
        this.spark = spark;
        this.archive = archive;
        this.retention = retention;
        this.live = live;
    }

    /**
     * The raw rows of {@code hours} (UTC hour starts), of every merchant when {@code merchants} is empty.
     *
     * @param forced a source to use for every hour instead of the one their age calls for; null for none
     */
    public Dataset<Row> hours(Collection<Instant> hours, Set<String> merchants, Instant now, RawHistorySource forced) {
        List<Instant> cassandraOnly = new ArrayList<>();
        List<Instant> both = new ArrayList<>();
        List<Instant> archiveOnly = new ArrayList<>();
        for (Instant hour : hours) {
            RawHistorySource source = forced != null ? forced : RawHistorySource.of(hour, now, retention);
            (switch (source) {
                        case CASSANDRA -> cassandraOnly;
                        case CASSANDRA_AND_ARCHIVE -> both;
                        case ARCHIVE -> archiveOnly;
                    })
                    .add(hour);
        }
        Dataset<Row> rows = spark.createDataFrame(List.of(), RawEventsTable.SCHEMA);
        if (!cassandraOnly.isEmpty()) {
            rows = rows.unionByName(forMerchants(live.hours(cassandraOnly), merchants));
        }
        if (!both.isEmpty()) {
            Dataset<Row> stored = forMerchants(live.hours(both), merchants);
            Dataset<Row> expired = forMerchants(archive.read(both), merchants)
                    .join(
                            stored.select(RawEventsTable.MERCHANT_ID, RawEventsTable.EVENT_ID),
                            scala.jdk.javaapi.CollectionConverters.asScala(
                                            List.of(RawEventsTable.MERCHANT_ID, RawEventsTable.EVENT_ID))
                                    .toSeq(),
                            "left_anti");
            rows = rows.unionByName(stored).unionByName(expired);
        }
        if (!archiveOnly.isEmpty()) {
            rows = rows.unionByName(forMerchants(archive.read(archiveOnly), merchants));
        }
        return rows;
    }

    private Dataset<Row> cassandra(Collection<Instant> hours) {
        return RawPartitions.hours(spark, RawEventLayout.RAW_EVENTS_TABLE, hours)
                .select(RawEventsTable.columns());
    }

    /**
     * The rows of a re-derived raw version (decision 0012) in whole UTC hours, of the given merchants (all when
     * empty), with every raw column: the same partition-key pushdown as the live store, on raw_event_versions.
     */
    public static Dataset<Row> version(
            SparkSession spark, String rawVersion, Collection<Instant> hours, Collection<String> merchants) {
        Dataset<Row> rows = RawPartitions.hours(spark, RawEventLayout.RAW_EVENT_VERSIONS_TABLE, hours)
                .filter(col("raw_version").equalTo(rawVersion));
        if (!merchants.isEmpty()) {
            rows = rows.filter(col(RawEventsTable.MERCHANT_ID).isin(merchants.toArray()));
        }
        return rows.select(RawEventsTable.columns());
    }

    private static Dataset<Row> forMerchants(Dataset<Row> rows, Set<String> merchants) {
        return merchants.isEmpty()
                ? rows
                : rows.filter(col(RawEventsTable.MERCHANT_ID).isin(merchants.toArray()));
    }
}
