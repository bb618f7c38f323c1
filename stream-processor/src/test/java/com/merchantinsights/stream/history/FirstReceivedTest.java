package com.merchantinsights.stream.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.layout.ShardLayout;
import com.merchantinsights.stream.RawEventParsing;
import com.merchantinsights.testing.TestingSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Re-derivation keeps, of an identity's stored row and conflict letters, the version received first (decision 0026). */
class FirstReceivedTest {
    private static final StructType KAFKA_SCHEMA = new StructType()
            .add("value", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType);
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = TestingSpark.local("FirstReceivedTest", 2)
                .shufflePartitions(2)
                .sessionTimeZone(ZoneId.of("UTC"))
                .start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void anEarlierConflictLetterReplacesTheStoredVersionAndALetterOfAnIdentityStoredElsewhereIsLeftOut() {
        List<Row> records = List.of(
                record(
                        order("r-1", "2026-11-24T10:10:00Z", 250, "2026-11-24T11:00:00.200Z"),
                        RawRederivation.STORED_PARTITION),
                record(
                        order("r-1", "2026-11-24T09:10:00Z", 100, "2026-11-24T11:00:00Z"),
                        RawRederivation.LETTER_PARTITION),
                record(
                        order("s-1", "2026-11-24T09:20:00Z", 7, "2026-11-24T11:00:00Z"),
                        RawRederivation.STORED_PARTITION),
                record(
                        order("s-1", "2026-11-24T09:30:00Z", 8, "2026-11-24T11:00:01Z"),
                        RawRederivation.LETTER_PARTITION),
                record(
                        order("o-1", "2026-11-24T09:40:00Z", 9, "2026-11-24T10:00:00Z"),
                        RawRederivation.LETTER_PARTITION));

        List<Row> kept = RawRederivation.firstReceived(
                        RawEventParsing.parse(spark.createDataFrame(records, KAFKA_SCHEMA), NOW, ShardLayout.DEFAULT))
                .orderBy("event_id")
                .collectAsList();

        assertThat(kept)
                .extracting(r -> r.getAs("event_id") + "=" + r.getAs("amount"))
                .containsExactly("r-1=100", "s-1=7");
    }

    private static Row record(String value, int partition) {
        return RowFactory.create(value, partition, -1L, Timestamp.from(NOW));
    }

    private static String order(String eventId, String occurredAt, long amount, String receivedAt) {
        return "{\"event_id\":\"" + eventId
                + "\",\"merchant_id\":\"m-1\",\"type\":\"order.completed\",\"occurred_at\":\"" + occurredAt
                + "\",\"amount\":" + amount + ",\"currency\":\"INR\",\"received_at\":\"" + receivedAt + "\"}";
    }
}
