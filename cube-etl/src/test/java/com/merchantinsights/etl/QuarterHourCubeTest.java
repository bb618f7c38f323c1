package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QuarterHourCubeTest {
    private static final StructType RAW = new StructType()
            .add("merchant_id", DataTypes.StringType)
            .add("event_type", DataTypes.StringType)
            .add("occurred_at", DataTypes.TimestampType);

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("QuarterHourCubeTest")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                // Not UTC on purpose: bucket boundaries must not depend on the session's zone.
                .config("spark.sql.session.timeZone", "Asia/Kolkata")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void countsEventsPerMerchantQuarterHourAndType() {
        List<Row> raw = List.of(
                event("m-1", "order.completed", "2026-11-24T04:45:00Z"),
                event("m-1", "order.completed", "2026-11-24T04:59:59.999Z"),
                event("m-1", "order.completed", "2026-11-24T04:44:59.999Z"),
                event("m-1", "page.viewed", "2026-11-24T04:50:00Z"),
                event("m-2", "order.completed", "2026-11-24T04:46:00Z"),
                event("m-1", "page.viewed", "2026-11-24T19:00:00Z"));

        List<String> cube = QuarterHourCube.aggregate(spark.createDataFrame(raw, RAW)).collectAsList().stream()
                .map(r -> r.getString(0) + " " + r.<Timestamp>getAs("bucket_start").toInstant() + " " + r.getString(2)
                        + " " + r.<Long>getAs("event_count"))
                .toList();

        assertThat(cube).containsExactlyInAnyOrder(
                "m-1 2026-11-24T04:30:00Z order.completed 1",
                "m-1 2026-11-24T04:45:00Z order.completed 2",
                "m-1 2026-11-24T04:45:00Z page.viewed 1",
                "m-2 2026-11-24T04:45:00Z order.completed 1",
                "m-1 2026-11-24T19:00:00Z page.viewed 1");
    }

    private static Row event(String merchant, String type, String occurredAt) {
        return RowFactory.create(merchant, type, Timestamp.from(Instant.parse(occurredAt)));
    }
}
