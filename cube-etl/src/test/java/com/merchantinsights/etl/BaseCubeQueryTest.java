package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.testing.TestingSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BaseCubeQueryTest {
    /** The raw columns the cube reads ({@link RawEventReader#CUBE_INPUT}). */
    static final StructType RAW = new StructType()
            .add("merchant_id", DataTypes.StringType)
            .add("event_type", DataTypes.StringType)
            .add("occurred_at", DataTypes.TimestampType)
            .add("customer_id", DataTypes.StringType)
            .add("anonymous_id", DataTypes.StringType)
            .add("amount", DataTypes.LongType)
            .add("currency", DataTypes.StringType)
            .add("dimensions", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));

    private static final CubeDefinition CUBE = CubeDefinitionFile.standard();

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        // Deliberately not UTC: no bucket may depend on the session's zone.
        spark = TestingSpark.local("BaseCubeQueryTest", 2)
                .shufflePartitions(2)
                .sessionTimeZone(ZoneId.of("Asia/Kolkata"))
                .start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void aggregatesTheTotalsPerQuarterHourAndEveryOtherGroupingSetPerLocalHourTypeAndCurrency() {
        List<Row> raw = List.of(
                event(
                        "m-1",
                        "order.completed",
                        "2026-11-24T04:45:00Z",
                        "c-1",
                        null,
                        1000L,
                        "INR",
                        Map.of("channel", "web")),
                event(
                        "m-1",
                        "order.completed",
                        "2026-11-24T04:59:59.999Z",
                        "c-2",
                        null,
                        500L,
                        "INR",
                        Map.of("channel", "app")),
                event(
                        "m-1",
                        "order.completed",
                        "2026-11-24T04:50:00Z",
                        "c-1",
                        null,
                        7L,
                        "USD",
                        Map.of("channel", "web")),
                event("m-1", "order.completed", "2026-11-24T04:44:59.999Z", "c-3", null, 100L, "INR", Map.of()),
                event("m-1", "page.viewed", "2026-11-24T04:46:00Z", null, "a-1", null, null, Map.of("channel", "web")),
                event("m-1", "page.viewed", "2026-11-24T04:47:00Z", "c-1", null, null, null, Map.of("channel", "web")),
                event("m-2", "order.completed", "2026-11-24T04:46:00Z", "c-1", null, 1L, "INR", Map.of()));

        Map<String, Row> rows = new HashMap<>();
        for (Row row : BaseCubeQuery.aggregate(withCalendars(raw), CUBE).collectAsList()) {
            // The totals by their 15-minute bucket, the dimension cuboids by the local hour (decision 0029).
            boolean totals = row.<String>getAs("cuboid").equals("all");
            assertThat(row.<Object>getAs("quarter_start") == null).isEqualTo(!totals);
            long bucket = totals ? row.<Long>getAs("quarter_start") : row.<Long>getAs("hour_start");
            rows.put(
                    row.<String>getAs("merchant_id") + " " + Instant.ofEpochSecond(bucket) + " "
                            + row.<String>getAs("cuboid") + " " + row.<String>getAs("channel") + " "
                            + row.<String>getAs("event_type")
                            + " " + row.<String>getAs("currency"),
                    row);
        }

        Row inrOrders = rows.get("m-1 2026-11-24T04:45:00Z all  order.completed INR");
        assertThat(inrOrders.<Long>getAs("event_count")).isEqualTo(2);
        assertThat(inrOrders.<Long>getAs("amount_sum")).isEqualTo(1500);
        assertThat(estimate(inrOrders, "customers")).isEqualTo(2.0);
        assertThat(rows.get("m-1 2026-11-24T04:45:00Z all  order.completed USD").<Long>getAs("amount_sum"))
                .isEqualTo(7);
        assertThat(rows.get("m-1 2026-11-24T04:30:00Z all  order.completed INR").<Long>getAs("event_count"))
                .isEqualTo(1);
        // m-1 is in Kolkata: its hour runs 04:30–05:30 UTC and holds both quarter hours.
        assertThat(rows.get("m-1 2026-11-24T04:30:00Z channel web order.completed INR")
                        .<Long>getAs("event_count"))
                .isEqualTo(1);
        assertThat(rows.get("m-1 2026-11-24T04:30:00Z channel app order.completed INR")
                        .<Long>getAs("event_count"))
                .isEqualTo(1);
        assertThat(rows.get("m-1 2026-11-24T04:30:00Z channel  order.completed INR")
                        .<Long>getAs("event_count"))
                .as("an event without the dimension is grouped under ''")
                .isEqualTo(1);
        assertThat(rows.keySet()).noneMatch(k -> k.startsWith("m-1 2026-11-24T04:45:00Z channel"));
        assertThat(rows.get("m-2 2026-11-24T04:45:00Z all  order.completed INR").<Long>getAs("event_count"))
                .isEqualTo(1);

        Row views = rows.get("m-1 2026-11-24T04:45:00Z all  page.viewed ");
        assertThat(views.<Long>getAs("event_count")).isEqualTo(2);
        assertThat(views.<Long>getAs("amount_sum")).isZero();
        assertThat(estimate(views, "customers")).isEqualTo(1.0);
        assertThat(estimate(views, "visitors"))
                .as("one identified and one anonymous person")
                .isEqualTo(2.0);
        assertThat(rows.get("m-1 2026-11-24T04:30:00Z channel+country web page.viewed ")
                        .<Long>getAs("event_count"))
                .isEqualTo(2);
        assertThat(rows.get("m-2 2026-11-24T04:00:00Z channel  order.completed INR")
                        .<Long>getAs("event_count"))
                .as("m-2 is in UTC: its hour starts on the hour")
                .isEqualTo(1);
        assertThat(rows.get("m-1 2026-11-24T04:30:00Z all  order.completed INR").<Object>getAs("visitors"))
                .isNotNull();
    }

    @Test
    void aGroupWithoutIdentifiersHasNoSketch() {
        List<Row> raw = List.of(event("m-1", "cart.created", "2026-11-24T04:45:00Z", null, null, null, null, Map.of()));
        Row row = BaseCubeQuery.aggregate(withCalendars(raw), CUBE)
                .filter("cuboid = 'all'")
                .first();
        assertThat(row.<Object>getAs("customers")).isNull();
        assertThat(row.<Object>getAs("visitors")).isNull();
    }

    /** The events with their merchant's calendar, as CubeGrains joins it: m-1 in Kolkata, everyone else in UTC. */
    private static org.apache.spark.sql.Dataset<Row> withCalendars(List<Row> raw) {
        return spark.createDataFrame(raw, RAW)
                .withColumn(
                        "time_zone",
                        org.apache.spark.sql.functions.expr(
                                "CASE WHEN merchant_id = 'm-1' THEN 'Asia/Kolkata' ELSE 'UTC' END"))
                .withColumn("week_start", org.apache.spark.sql.functions.lit("MONDAY"));
    }

    private static double estimate(Row row, String measure) {
        return Math.round(HllSketch.heapify(row.<byte[]>getAs(measure)).getEstimate());
    }

    private static Row event(
            String merchant,
            String type,
            String at,
            String customer,
            String anonymous,
            Long amount,
            String currency,
            Map<String, String> dimensions) {
        return RowFactory.create(
                merchant,
                type,
                Timestamp.from(Instant.parse(at)),
                customer,
                anonymous,
                amount,
                currency,
                scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(dimensions)));
    }
}
