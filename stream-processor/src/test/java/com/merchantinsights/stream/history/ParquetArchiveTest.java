package com.merchantinsights.stream.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.layout.RawArchiveLayout;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.stream.RawEventsTable;
import com.merchantinsights.testing.TestingSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

class ParquetArchiveTest {
    private static final Instant HOUR = Instant.parse("2026-11-24T13:00:00Z");
    private static SparkSession spark;

    @TempDir
    Path root;

    @BeforeAll
    static void startSpark() {
        spark = TestingSpark.local("ParquetArchiveTest", 1)
                .shufflePartitions(1)
                .sessionTimeZone(ZoneId.of("UTC"))
                .start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void keepsEveryRawColumnAndTheOriginalPayload() {
        ParquetArchive archive = new ParquetArchive(spark, root.toUri().toString());

        assertThat(archive.publish(HOUR, rows("e-1", "e-2"), HOUR.plusSeconds(7_200)))
                .isEqualTo(2);

        List<Row> read =
                archive.read(List.of(HOUR)).orderBy(RawEventsTable.EVENT_ID).collectAsList();
        assertThat(read).hasSize(2);
        Row first = read.get(0);
        assertThat(first.<String>getAs(RawEventsTable.PAYLOAD)).isEqualTo(payload("e-1"));
        assertThat(first.<Timestamp>getAs(RawEventsTable.EVENT_HOUR).toInstant())
                .isEqualTo(HOUR);
        assertThat(first.<Integer>getAs(RawEventsTable.SHARD)).isEqualTo(RawEventLayout.shardOf("e-1"));
        assertThat(first.<Long>getAs(RawEventsTable.AMOUNT)).isEqualTo(4_990L);
        assertThat(CollectionConverters.asJava(
                        first.<scala.collection.Map<String, String>>getAs(RawEventsTable.DIMENSIONS)))
                .isEqualTo(Map.of("channel", "web"));
        assertThat(first.<Integer>getAs(RawEventsTable.LOGIC_VERSION)).isEqualTo(3);
        assertThat(first.<String>getAs(RawEventsTable.FINGERPRINT)).isEqualTo("fp-e-1");
    }

    @Test
    void aReArchivedHourReplacesTheOldGenerationInsteadOfAddingToIt() throws IOException {
        ParquetArchive archive = new ParquetArchive(spark, root.toUri().toString());
        archive.publish(HOUR, rows("e-1", "e-2"), HOUR.plusSeconds(7_200));
        archive.publish(HOUR, rows("e-1", "e-2", "late-3"), HOUR.plusSeconds(9_000));
        archive.publish(HOUR, rows("e-1", "e-2", "late-3", "late-4"), HOUR.plusSeconds(9_000));

        assertThat(archive.read(List.of(HOUR)).count()).isEqualTo(4);
        Path hourFolder = root.resolve(RawArchiveLayout.hourFolder(HOUR));
        try (Stream<Path> files = Files.list(hourFolder)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")))
                    .as("the newest generation and the one before it")
                    .hasSize(2);
        }
        try (Stream<Path> staged = Files.list(root.resolve(RawArchiveLayout.STAGING))) {
            assertThat(staged).as("staging folders are removed").isEmpty();
        }
    }

    @Test
    void anHourNeverArchivedReadsAsNoRows() {
        ParquetArchive archive = new ParquetArchive(spark, root.toUri().toString());

        assertThat(archive.read(List.of(HOUR)).count()).isZero();
        assertThat(archive.read(List.of(HOUR)).schema()).isEqualTo(RawEventsTable.SCHEMA);
    }

    @Test
    void theErasuresRowFilterTakesOnlyThePersonsRowsOfTheMerchantAndKeepsRowsWithoutIdentifiers() {
        Dataset<Row> hour = spark.createDataFrame(
                List.of(
                        row("e-1", "m-1", "c-1", null),
                        row("e-2", "m-1", null, "a-9"),
                        row("e-3", "m-1", null, null),
                        row("e-4", "m-2", "c-1", null),
                        row("e-5", "m-1", "c-2", "a-8")),
                RawEventsTable.SCHEMA);
        org.apache.spark.sql.Column theirs =
                PersonErasure.person("m-1", java.util.Set.of("c-1"), java.util.Set.of("a-9"));

        assertThat(hour.filter(theirs).collectAsList())
                .extracting(r -> r.<String>getAs(RawEventsTable.EVENT_ID))
                .containsExactlyInAnyOrder("e-1", "e-2");
        assertThat(hour.filter(org.apache.spark.sql.functions.not(theirs)).collectAsList())
                .extracting(r -> r.<String>getAs(RawEventsTable.EVENT_ID))
                .containsExactlyInAnyOrder("e-3", "e-4", "e-5");
    }

    private static Row row(String id, String merchant, String customer, String anonymous) {
        return RowFactory.create(
                Timestamp.from(HOUR),
                RawEventLayout.shardOf(id),
                merchant,
                id,
                "order.completed",
                Timestamp.from(HOUR.plusSeconds(60)),
                customer,
                anonymous,
                4_990L,
                "INR",
                CollectionConverters.asScala(Map.of("channel", "web")),
                payload(id),
                Timestamp.from(HOUR.plusSeconds(61)),
                Timestamp.from(HOUR.plusSeconds(62)),
                3,
                "fp-" + id);
    }

    private static Dataset<Row> rows(String... eventIds) {
        List<Row> rows = Stream.of(eventIds)
                .map(id -> RowFactory.create(
                        Timestamp.from(HOUR),
                        RawEventLayout.shardOf(id),
                        "m-1",
                        id,
                        "order.completed",
                        Timestamp.from(HOUR.plusSeconds(60)),
                        "c-1",
                        null,
                        4_990L,
                        "INR",
                        CollectionConverters.asScala(Map.of("channel", "web")),
                        payload(id),
                        Timestamp.from(HOUR.plusSeconds(61)),
                        Timestamp.from(HOUR.plusSeconds(62)),
                        3,
                        "fp-" + id))
                .toList();
        return spark.createDataFrame(rows, RawEventsTable.SCHEMA);
    }

    private static String payload(String id) {
        return "{\"event_id\":\"" + id + "\",\"merchant_id\":\"m-1\",\"type\":\"order.completed\"}";
    }
}
