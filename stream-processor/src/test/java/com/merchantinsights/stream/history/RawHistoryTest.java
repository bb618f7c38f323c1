package com.merchantinsights.stream.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.RawHistorySource;
import com.merchantinsights.stream.RawEventsTable;
import com.merchantinsights.testing.TestingSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** Where an hour is read from as it ages, with Cassandra faked by a dataset and a real Parquet archive. */
class RawHistoryTest {
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final Instant HOUR = Instant.parse("2026-08-01T10:00:00Z");
    private static SparkSession spark;

    @TempDir
    Path root;

    @BeforeAll
    static void startSpark() {
        spark = TestingSpark.local("RawHistoryTest", 1)
                .shufflePartitions(1)
                .sessionTimeZone(ZoneId.of("UTC"))
                .start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void nearExpiryAnHourIsTheLiveRowsPlusTheArchivedRowsTheLiveStoreNoLongerHasEachOnce() {
        ParquetArchive archive = new ParquetArchive(spark, root.toUri().toString());
        archive.publish(HOUR, rows("m-1", "e-1", "e-2", "e-3"), HOUR.plus(Duration.ofHours(2)));
        // Ninety days on, e-1..e-3 have expired from Cassandra; a late e-4 (one-day minimum TTL) is still there,
        // and so is e-3 (say a re-send stored it late): it must not be counted twice.
        RawHistory history = new RawHistory(spark, archive, RETENTION, hours -> rows("m-1", "e-3", "e-4"));
        Instant nearExpiry = HOUR.plus(RETENTION).plus(Duration.ofHours(3));

        assertThat(RawHistorySource.of(HOUR, nearExpiry, RETENTION)).isEqualTo(RawHistorySource.CASSANDRA_AND_ARCHIVE);
        assertThat(ids(history.hours(List.of(HOUR), Set.of(), nearExpiry, null)))
                .containsExactly("e-1", "e-2", "e-3", "e-4");
    }

    @Test
    void withinRetentionTheLiveStoreAloneIsTheHourAndLongAfterTheArchiveAlone() {
        ParquetArchive archive = new ParquetArchive(spark, root.toUri().toString());
        archive.publish(HOUR, rows("m-1", "e-1"), HOUR.plus(Duration.ofHours(2)));
        RawHistory history = new RawHistory(spark, archive, RETENTION, hours -> rows("m-1", "e-1", "e-2"));

        assertThat(ids(history.hours(List.of(HOUR), Set.of(), HOUR.plus(Duration.ofDays(3)), null)))
                .containsExactly("e-1", "e-2");
        assertThat(ids(history.hours(List.of(HOUR), Set.of(), HOUR.plus(Duration.ofDays(400)), null)))
                .containsExactly("e-1");
        assertThat(ids(history.hours(List.of(HOUR), Set.of(), HOUR.plus(Duration.ofDays(3)), RawHistorySource.ARCHIVE)))
                .as("a forced source wins")
                .containsExactly("e-1");
    }

    @Test
    void readsOnlyTheMerchantsAskedFor() {
        ParquetArchive archive = new ParquetArchive(spark, root.toUri().toString());
        archive.publish(HOUR, rows("m-1", "e-1").unionByName(rows("m-2", "e-2")), HOUR.plus(Duration.ofHours(2)));
        RawHistory history = new RawHistory(spark, archive, RETENTION, hours -> rows("m-1", "e-1"));

        assertThat(ids(history.hours(List.of(HOUR), Set.of("m-2"), HOUR.plus(Duration.ofDays(400)), null)))
                .containsExactly("e-2");
    }

    private static List<String> ids(Dataset<Row> rows) {
        return rows.orderBy(RawEventsTable.EVENT_ID)
                .select(functions.col(RawEventsTable.EVENT_ID))
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
    }

    private static Dataset<Row> rows(String merchant, String... eventIds) {
        List<Row> rows = Stream.of(eventIds)
                .map(id -> RowFactory.create(
                        Timestamp.from(HOUR),
                        RawEventLayout.shardOf(id),
                        merchant,
                        id,
                        "order.completed",
                        Timestamp.from(HOUR.plusSeconds(60)),
                        "c-1",
                        null,
                        100L,
                        "INR",
                        CollectionConverters.asScala(Map.of("channel", "web")),
                        "{\"event_id\":\"" + id + "\"}",
                        Timestamp.from(HOUR.plusSeconds(61)),
                        Timestamp.from(HOUR.plusSeconds(62)),
                        3,
                        "fp-" + id))
                .toList();
        return spark.createDataFrame(rows, RawEventsTable.SCHEMA);
    }
}
