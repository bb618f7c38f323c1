package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import com.merchantinsights.testing.TestingSpark;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.datasketches.hll.HllSketch;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every grain that Spark computes equals what the merchant's calendar says event by event: the reference below cuts
 * each event's own instant into its local hour, day, week and month (never from finer rows), in zones whose offsets
 * and DST changes are not on the hour, across their changes.
 */
class CubeGrainsTest {
    private static final StructType RAW = BaseCubeQueryTest.RAW;
    private static final StructType CALENDARS = new StructType()
            .add("merchant_id", DataTypes.StringType)
            .add("time_zone", DataTypes.StringType)
            .add("week_start", DataTypes.StringType);
    private static final CubeDefinition CUBE = CubeDefinitionFile.standard();
    private static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Kolkata");
    /** Registered merchants; "m-default" is not registered and gets the default zone and Monday weeks. */
    private static final Map<String, MerchantCalendar> REGISTERED = Map.of(
            "m-chatham", new MerchantCalendar(ZoneId.of("Pacific/Chatham"), DayOfWeek.SUNDAY),
            "m-lordhowe", new MerchantCalendar(ZoneId.of("Australia/Lord_Howe"), DayOfWeek.MONDAY),
            "m-kathmandu", new MerchantCalendar(ZoneId.of("Asia/Kathmandu"), DayOfWeek.SATURDAY),
            "m-newyork", new MerchantCalendar(ZoneId.of("America/New_York"), DayOfWeek.SUNDAY));

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        // Deliberately not UTC: no bucket may depend on the session's zone.
        spark = TestingSpark.local("CubeGrainsTest", 2)
                .shufflePartitions(3)
                .sessionTimeZone(ZoneId.of("America/Los_Angeles"))
                .start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private record Key(
            Grain grain,
            String merchant,
            String bucket,
            String cuboid,
            String channel,
            String country,
            String type,
            String currency) {}

    private record Measures(long count, long amount, Set<String> customers) {}

    @Test
    void everyGrainEqualsTheCalendarsCutOfEachEvent() {
        List<Row> events = new ArrayList<>();
        Map<Key, Measures> expected = new HashMap<>();
        Random random = new Random(17);
        List<String> merchants = List.of("m-chatham", "m-lordhowe", "m-kathmandu", "m-newyork", "m-default");
        // Around Chatham's and Lord Howe's April 2026 changes (5 April) and New York's November change (1 November),
        // and across a month end: every 7 minutes, so each partial hour and each repeated half hour holds events.
        List<Instant> windows = List.of(
                Instant.parse("2026-04-04T10:00:00Z"),
                Instant.parse("2026-10-31T20:00:00Z"),
                Instant.parse("2026-09-30T06:00:00Z"));
        for (Instant start : windows) {
            for (Instant at = start; at.isBefore(start.plusSeconds(30 * 3600)); at = at.plusSeconds(7 * 60 + 13)) {
                for (String merchant : merchants) {
                    boolean order = random.nextBoolean();
                    String customer = random.nextInt(4) == 0 ? null : "c-" + random.nextInt(20);
                    Long amount = order ? (long) random.nextInt(10_000) : null;
                    String currency = order ? (random.nextBoolean() ? "INR" : "USD") : null;
                    Map<String, String> dims = new HashMap<>();
                    if (random.nextBoolean()) {
                        dims.put("channel", random.nextBoolean() ? "web" : "app");
                    }
                    if (random.nextBoolean()) {
                        dims.put("country", random.nextBoolean() ? "IN" : "NZ");
                    }
                    String type = order ? "order.completed" : "page.viewed";
                    events.add(event(merchant, type, at, customer, amount, currency, dims));
                    expect(expected, merchant, type, at, customer, amount, currency, dims);
                }
            }
        }

        List<Row> calendars = new ArrayList<>();
        REGISTERED.forEach((m, c) -> calendars.add(
                RowFactory.create(m, c.zone().getId(), c.weekStart().name())));
        Map<Key, Measures> actual = new HashMap<>();
        try (CubeGrains grains = CubeGrains.aggregate(
                spark.createDataFrame(events, RAW), spark.createDataFrame(calendars, CALENDARS), CUBE, DEFAULT_ZONE)) {
            for (Grain grain : Grain.values()) {
                for (Row row : grains.rows(grain).collectAsList()) {
                    String cuboid = row.getAs("cuboid");
                    if (!cuboid.equals(GroupingSet.TOTALS_ID)
                            && !cuboid.equals("channel")
                            && !cuboid.equals("channel+country")) {
                        continue;
                    }
                    String bucket = grain == Grain.QUARTER_HOUR || grain == Grain.HOUR
                            ? Instant.ofEpochSecond(row.<Long>getAs("bucket_start"))
                                    .toString()
                            : LocalDate.ofEpochDay(row.<Integer>getAs("bucket_start"))
                                    .toString();
                    Key key = new Key(
                            grain,
                            row.getAs("merchant_id"),
                            bucket,
                            cuboid,
                            row.getAs("channel"),
                            row.getAs("country"),
                            row.getAs("event_type"),
                            row.getAs("currency"));
                    byte[] sketch = row.getAs("customers");
                    Set<String> customers = new HashSet<>();
                    long estimate = sketch == null
                            ? 0
                            : Math.round(HllSketch.heapify(sketch).getEstimate());
                    for (int i = 0; i < estimate; i++) {
                        customers.add("#" + i);
                    }
                    assertThat(actual.put(
                                    key, new Measures(row.getAs("event_count"), row.getAs("amount_sum"), customers)))
                            .as("one row per key and bucket: %s", key)
                            .isNull();
                    if (grain != Grain.QUARTER_HOUR) {
                        MerchantCalendar calendar =
                                REGISTERED.getOrDefault(key.merchant(), MerchantCalendar.mondayWeeks(DEFAULT_ZONE));
                        assertThat(row.<String>getAs("time_zone"))
                                .isEqualTo(calendar.zone().getId());
                    }
                }
            }
        }
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, measures) -> {
            Measures got = actual.get(key);
            assertThat(got.count()).as("count of %s", key).isEqualTo(measures.count());
            assertThat(got.amount()).as("amount of %s", key).isEqualTo(measures.amount());
            assertThat(got.customers())
                    .as("customers of %s (HLL is exact at these sizes)", key)
                    .hasSameSizeAs(measures.customers());
        });
        assertThat(expected.keySet().stream()
                        .filter(k -> k.grain() == Grain.HOUR
                                && k.merchant().equals("m-chatham")
                                && k.bucket().equals("2026-04-04T14:00:00Z")
                                && k.cuboid().equals(GroupingSet.TOTALS_ID)))
                .as("the test reaches Chatham's repeated partial hour")
                .isNotEmpty();
    }

    private static void expect(
            Map<Key, Measures> expected,
            String merchant,
            String type,
            Instant at,
            String customer,
            Long amount,
            String currency,
            Map<String, String> dims) {
        MerchantCalendar calendar = REGISTERED.getOrDefault(merchant, MerchantCalendar.mondayWeeks(DEFAULT_ZONE));
        LocalDate day = calendar.day(at);
        Map<Grain, String> buckets = Map.of(
                Grain.QUARTER_HOUR,
                        Instant.ofEpochSecond(at.getEpochSecond() / 900 * 900).toString(),
                Grain.HOUR, calendar.hourStart(at).toString(),
                Grain.DAY, day.toString(),
                Grain.WEEK, calendar.weekOf(day).toString(),
                Grain.MONTH, calendar.monthOf(day).toString());
        String channel = dims.getOrDefault("channel", "");
        String country = dims.getOrDefault("country", "");
        List<String[]> cuboids = List.of(
                new String[] {GroupingSet.TOTALS_ID, "", ""},
                new String[] {"channel", channel, ""},
                new String[] {"channel+country", channel, country});
        for (Grain grain : Grain.values()) {
            for (String[] cuboid : cuboids) {
                if (!CubeDefinition.storesEveryCuboid(grain) && !cuboid[0].equals(GroupingSet.TOTALS_ID)) {
                    continue; // weeks and months hold the totals only (decision 0028)
                }
                Key key = new Key(
                        grain,
                        merchant,
                        buckets.get(grain),
                        cuboid[0],
                        cuboid[1],
                        cuboid[2],
                        type,
                        currency == null ? "" : currency);
                Measures old = expected.getOrDefault(key, new Measures(0, 0, Set.of()));
                Set<String> customers = new HashSet<>(old.customers());
                if (customer != null) {
                    customers.add(customer);
                }
                expected.put(
                        key, new Measures(old.count() + 1, old.amount() + (amount == null ? 0 : amount), customers));
            }
        }
    }

    private static Row event(
            String merchant,
            String type,
            Instant at,
            String customer,
            Long amount,
            String currency,
            Map<String, String> dimensions) {
        return RowFactory.create(
                merchant,
                type,
                Timestamp.from(at),
                customer,
                null,
                amount,
                currency,
                scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(dimensions)));
    }
}
