package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.time.MerchantCalendar;
import com.merchantinsights.testing.TestingSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decision 0029: a rebuild request of a UTC hour rebuilds the merchant's whole local days that the hour touches. */
class LocalDayRebuildTest {
    private static final MerchantCalendar KOLKATA = MerchantCalendar.mondayWeeks(ZoneId.of("Asia/Kolkata"));
    private static final MerchantCalendar UTC = MerchantCalendar.mondayWeeks(ZoneId.of("UTC"));
    private static final CubeDefinition CUBE = CubeDefinitionFile.standard();
    private static final StructType CALENDARS = new StructType()
            .add("merchant_id", DataTypes.StringType)
            .add("time_zone", DataTypes.StringType)
            .add("week_start", DataTypes.StringType);
    private static final Instant NOW = Instant.parse("2026-12-04T20:00:00Z");

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        // Deliberately not UTC: no bucket may depend on the session's zone.
        spark = TestingSpark.local("LocalDayRebuildTest", 2)
                .shufflePartitions(3)
                .sessionTimeZone(ZoneId.of("America/Los_Angeles"))
                .start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /**
     * The rebuild reads the events of its windows, the run's deltas are the feed's events outside them: each event in
     * exactly one of the two, to the microsecond at a window's edges.
     */
    @Test
    void eachEventIsEitherInTheRebuiltDaysOrADeltaNeverBoth() {
        LocalDayRebuild rebuild = LocalDayRebuild.of(
                List.of(
                        new RebuildRequests.Request(Instant.parse("2026-12-04T18:00:00Z"), "m-in", NOW),
                        new RebuildRequests.Request(Instant.parse("2026-12-06T10:00:00Z"), "m-in", NOW),
                        new RebuildRequests.Request(Instant.parse("2026-12-01T23:00:00Z"), "m-utc", NOW)),
                Map.of("m-in", KOLKATA, "m-utc", UTC));
        List<Row> events = new ArrayList<>();
        List<String> inside =
                List.of("m-in 2026-12-03T18:30:00Z", "m-in 2026-12-06T18:29:59.999999Z", "m-utc 2026-12-01T12:00:00Z");
        List<String> outside = List.of(
                "m-in 2026-12-03T18:29:59.999999Z",
                "m-in 2026-12-06T18:30:00Z",
                "m-utc 2026-12-02T00:00:00Z",
                "m-other 2026-12-04T00:00:00Z");
        for (String e : concat(inside, outside)) {
            String[] parts = e.split(" ");
            events.add(RowFactory.create(
                    parts[0],
                    "order.completed",
                    Timestamp.from(Instant.parse(parts[1])),
                    null,
                    null,
                    1L,
                    "INR",
                    Map.of()));
        }
        Dataset<Row> feed = spark.createDataFrame(events, BaseCubeQueryTest.RAW);
        assertThat(labels(rebuild.ofTheseDays(feed))).containsExactlyInAnyOrderElementsOf(inside);
        assertThat(labels(rebuild.withoutTheseDays(feed))).containsExactlyInAnyOrderElementsOf(outside);
    }

    /** A reprocess step aggregates each merchant's own local days of its range, whole, and nothing of the days around. */
    @Test
    void aDayRangeKeepsTheEventsOfEachMerchantsOwnLocalDays() {
        List<Row> events = new ArrayList<>();
        for (String at : List.of(
                "2026-12-03T18:29:00Z", "2026-12-03T18:30:00Z", "2026-12-04T18:29:00Z", "2026-12-04T18:30:00Z")) {
            events.add(RowFactory.create(
                    "m-in",
                    "order.completed",
                    Timestamp.from(Instant.parse(at)),
                    "c",
                    null,
                    5L,
                    "INR",
                    Map.of("channel", "web")));
            events.add(RowFactory.create(
                    "m-utc",
                    "order.completed",
                    Timestamp.from(Instant.parse(at)),
                    "c",
                    null,
                    5L,
                    "INR",
                    Map.of("channel", "web")));
        }
        Dataset<Row> calendars = spark.createDataFrame(
                List.of(
                        RowFactory.create("m-in", "Asia/Kolkata", "MONDAY"),
                        RowFactory.create("m-utc", "UTC", "MONDAY")),
                CALENDARS);
        LocalDate fourth = LocalDate.parse("2026-12-04");
        try (CubeGrains grains = CubeGrains.aggregate(
                spark.createDataFrame(events, BaseCubeQueryTest.RAW),
                calendars,
                CUBE,
                ZoneId.of("UTC"),
                new CubeGrains.LocalDayRange(fourth, fourth))) {
            Map<String, Long> dayCounts = new java.util.TreeMap<>();
            for (Row row : grains.rows(com.merchantinsights.core.time.Grain.DAY)
                    .filter("cuboid = '" + GroupingSet.TOTALS_ID + "'")
                    .collectAsList()) {
                dayCounts.put(
                        row.<String>getAs("merchant_id") + " "
                                + LocalDate.ofEpochDay(row.<Integer>getAs("bucket_start")),
                        row.<Long>getAs("event_count"));
            }
            // Kolkata's 4th is 18:30 on the 3rd to 18:30 on the 4th UTC: two events; UTC's 4th holds the 18:29 and
            // 18:30.
            assertThat(dayCounts).containsExactly(Map.entry("m-in 2026-12-04", 2L), Map.entry("m-utc 2026-12-04", 2L));
            long quarterEvents = grains.rows(com.merchantinsights.core.time.Grain.QUARTER_HOUR).collectAsList().stream()
                    .mapToLong(r -> r.<Long>getAs("event_count"))
                    .sum();
            assertThat(quarterEvents)
                    .as("15-minute rows: the totals only, of the same four events")
                    .isEqualTo(4);
        }
    }

    private static List<String> labels(Dataset<Row> events) {
        return events.collectAsList().stream()
                .map(r -> r.<String>getAs("merchant_id") + " "
                        + r.<Timestamp>getAs("occurred_at").toInstant())
                .toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void anHourAcrossAKolkataMidnightRebuildsBothDaysAndAdjacentDaysMergeIntoOneWindow() {
        Instant now = Instant.parse("2026-12-04T20:00:00Z");
        LocalDayRebuild rebuild = LocalDayRebuild.of(
                List.of(
                        // 18:00–19:00 UTC is 23:30–00:30 in Kolkata: the 4th and the 5th.
                        new RebuildRequests.Request(Instant.parse("2026-12-04T18:00:00Z"), "m-in", now),
                        // 10:00 UTC on the 6th is the 6th in Kolkata: adjacent to the 5th, one window of three days.
                        new RebuildRequests.Request(Instant.parse("2026-12-06T10:00:00Z"), "m-in", now),
                        // The 1st in UTC, apart from anything else.
                        new RebuildRequests.Request(Instant.parse("2026-12-01T23:00:00Z"), "m-utc", now),
                        new RebuildRequests.Request(Instant.parse("2026-12-03T00:00:00Z"), "m-utc", now)),
                Map.of("m-in", KOLKATA, "m-utc", UTC));

        assertThat(rebuild.windows())
                .containsExactly(
                        new LocalDayRebuild.Window(
                                "m-in",
                                LocalDate.parse("2026-12-04"),
                                LocalDate.parse("2026-12-06"),
                                Instant.parse("2026-12-03T18:30:00Z"),
                                Instant.parse("2026-12-06T18:30:00Z")),
                        new LocalDayRebuild.Window(
                                "m-utc",
                                LocalDate.parse("2026-12-01"),
                                LocalDate.parse("2026-12-01"),
                                Instant.parse("2026-12-01T00:00:00Z"),
                                Instant.parse("2026-12-02T00:00:00Z")),
                        new LocalDayRebuild.Window(
                                "m-utc",
                                LocalDate.parse("2026-12-03"),
                                LocalDate.parse("2026-12-03"),
                                Instant.parse("2026-12-03T00:00:00Z"),
                                Instant.parse("2026-12-04T00:00:00Z")));
        // Kolkata's three days need 73 UTC hours (from 18:00 on the 3rd), the UTC days 24 each; the UTC 3rd and
        // Kolkata's 4th share six of them.
        assertThat(rebuild.hours())
                .hasSize(73 + 24 + 24 - 6)
                .contains(Instant.parse("2026-12-03T18:00:00Z"), Instant.parse("2026-12-06T18:00:00Z"))
                .doesNotContain(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(rebuild.days().get("m-utc"))
                .containsExactly(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-03"));
    }
}
