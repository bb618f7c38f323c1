package com.merchantinsights.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.error.DeadLetterCode;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import com.merchantinsights.testing.TestingSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class RawEventParsingTest {
    private static final Instant INGESTED_AT = Instant.parse("2026-11-24T05:00:00.123Z");
    private static final Instant KAFKA_TIME = Instant.parse("2026-11-24T04:45:01.500Z");
    private static final StructType KAFKA_SCHEMA = new StructType()
            .add("value", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType);
    private static final String ORDER = """
            {"event_id":"evt-1","merchant_id":"m-1","type":"order.completed",\
            "occurred_at":"2026-11-24T10:15:00+05:30","customer_id":"c-9","amount":129900,"currency":"INR",\
            "dimensions":{"channel":"web","country":"IN"},"properties":{"coupon":"X","items":[1,2]},\
            "received_at":"2026-11-24T04:45:01Z"}""";

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = TestingSpark.local("RawEventParsingTest", 2)
                .shufflePartitions(2)
                .sessionTimeZone(ZoneId.of("UTC"))
                .start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void turnsAnEventIntoARawRowPlacedByCoreLayout() {
        Row row = RawEventParsing.accepted(RawEventParsing.parse(records(ORDER), INGESTED_AT, ShardLayout.DEFAULT))
                .collectAsList()
                .get(0);

        Instant occurredAt = Instant.parse("2026-11-24T04:45:00Z");
        assertThat(row.<Timestamp>getAs("event_hour").toInstant()).isEqualTo(RawEventLayout.eventHour(occurredAt));
        assertThat(row.<Integer>getAs("shard")).isEqualTo(RawEventLayout.shardOf("evt-1"));
        assertThat(row.<String>getAs("merchant_id")).isEqualTo("m-1");
        assertThat(row.<String>getAs("event_id")).isEqualTo("evt-1");
        assertThat(row.<String>getAs("event_type")).isEqualTo("order.completed");
        assertThat(row.<Timestamp>getAs("occurred_at").toInstant()).isEqualTo(occurredAt);
        assertThat(row.<String>getAs("customer_id")).isEqualTo("c-9");
        assertThat(row.<String>getAs("anonymous_id")).isNull();
        assertThat(row.<Long>getAs("amount")).isEqualTo(129900L);
        assertThat(row.<String>getAs("currency")).isEqualTo("INR");
        assertThat(CollectionConverters.asJava(row.<scala.collection.Map<String, String>>getAs("dimensions")))
                .isEqualTo(Map.of("channel", "web", "country", "IN"));
        assertThat(row.<String>getAs("payload")).isEqualTo(ORDER);
        assertThat(row.<Timestamp>getAs("received_at").toInstant()).isEqualTo(Instant.parse("2026-11-24T04:45:01Z"));
        assertThat(row.<Timestamp>getAs("ingested_at").toInstant()).isEqualTo(INGESTED_AT);
        assertThat(row.<Integer>getAs("logic_version")).isEqualTo(RawEventParsing.LOGIC_VERSION);
        assertThat(row.schema().fieldNames()).doesNotContain(RawEventParsing.REJECTION, RawEventParsing.KAFKA_OFFSET);
    }

    @Test
    void rejectsBadRecordsWithAReasonWithoutFailingTheBatch() {
        Dataset<Row> parsed = RawEventParsing.parse(
                records(
                        ORDER,
                        "not json{",
                        null,
                        ORDER.replace("\"evt-1\"", "\"\""),
                        ORDER.replace("\"m-1\"", "\"bad merchant!\""),
                        ORDER.replace("order.completed", "Order Completed"),
                        ORDER.replace("2026-11-24T10:15:00+05:30", "2026-11-24 10:15"),
                        ORDER.replace("129900", "\"lots\"")),
                INGESTED_AT,
                ShardLayout.DEFAULT);

        assertThat(RawEventParsing.accepted(parsed).count()).isEqualTo(1);
        List<String> reasons = RawEventParsing.rejected(parsed)
                .orderBy(RawEventParsing.KAFKA_OFFSET)
                .select(RawEventParsing.REJECTION)
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        assertThat(reasons)
                .containsExactly(
                        "malformed_json",
                        "malformed_json",
                        "missing_event_id",
                        "invalid_merchant_id",
                        "invalid_event_type",
                        "invalid_occurred_at",
                        "malformed_json");
        ParsedRecord missingId =
                RawEventParsing.rejected(parsed).orderBy(RawEventParsing.KAFKA_OFFSET).collectAsList().stream()
                        .map(ParsedRecord::of)
                        .toList()
                        .get(2);
        assertThat(missingId.rejection()).isEqualTo(DeadLetterCode.MISSING_EVENT_ID);
        assertThat(missingId.kafkaOffset()).isEqualTo(3);
        assertThat(missingId.kafkaTimestamp()).isEqualTo(KAFKA_TIME);
    }

    @Test
    void aParsedRowCarriesWhatTheFingerprintNeedsIncludingTheProperties() {
        Row row = RawEventParsing.parse(records(ORDER), INGESTED_AT, ShardLayout.DEFAULT)
                .collectAsList()
                .get(0);
        ParsedRecord record = ParsedRecord.of(row);

        assertThat(record.rejected()).isFalse();
        assertThat(record.properties()).isEqualTo("{\"coupon\":\"X\",\"items\":[1,2]}");
        assertThat(record.dimensions()).isEqualTo(Map.of("channel", "web", "country", "IN"));
        String resentLater = ORDER.replace("2026-11-24T04:45:01Z", "2026-11-24T04:47:00Z");
        assertThat(ParsedRecord.of(RawEventParsing.parse(records(resentLater), INGESTED_AT, ShardLayout.DEFAULT)
                                .collectAsList()
                                .get(0))
                        .fingerprint())
                .as("received_at is not content")
                .isEqualTo(record.fingerprint());
        String otherCoupon = ORDER.replace("\"X\"", "\"Y\"");
        assertThat(ParsedRecord.of(RawEventParsing.parse(records(otherCoupon), INGESTED_AT, ShardLayout.DEFAULT)
                                .collectAsList()
                                .get(0))
                        .fingerprint())
                .isNotEqualTo(record.fingerprint());
    }

    @Test
    void readsTheReDrivenLetterFromTheKafkaHeadersAndIgnoresOtherHeaders() {
        StructType header = new StructType().add("key", DataTypes.StringType).add("value", DataTypes.BinaryType);
        StructType withHeaders = KAFKA_SCHEMA.add("headers", DataTypes.createArrayType(header));
        String letterId = "6f1c3c1e-8c0a-4d55-9a51-0d7f8b8f2a10";
        Row redriven = RowFactory.create(
                ORDER,
                0,
                0L,
                Timestamp.from(KAFKA_TIME),
                List.of(
                        RowFactory.create("traceparent", "00-abc".getBytes()),
                        RowFactory.create("insights-redrive-of", letterId.getBytes()),
                        RowFactory.create("insights-redrive-recorded-at", "2026-11-20T08:00:00.250Z".getBytes())));
        Row plain = RowFactory.create(ORDER, 0, 1L, Timestamp.from(KAFKA_TIME), null);

        List<ParsedRecord> parsed = RawEventParsing.parse(
                        spark.createDataFrame(List.of(redriven, plain), withHeaders), INGESTED_AT, ShardLayout.DEFAULT)
                .orderBy(RawEventParsing.KAFKA_OFFSET)
                .collectAsList()
                .stream()
                .map(ParsedRecord::of)
                .toList();

        assertThat(parsed.get(0).redrive())
                .isEqualTo(new Redrive(java.util.UUID.fromString(letterId), Instant.parse("2026-11-20T08:00:00.250Z")));
        assertThat(parsed.get(1).redrive()).isNull();
    }

    @Test
    void takesTheProcessingTimeFromAColumnOfTheRecordsAsTheStreamPassesItsBatchTimestamp() {
        Dataset<Row> withBatchTime = records(ORDER)
                .withColumn("batch_time", org.apache.spark.sql.functions.lit(Timestamp.from(INGESTED_AT)));

        Row row = RawEventParsing.accepted(RawEventParsing.parse(
                        withBatchTime, org.apache.spark.sql.functions.col("batch_time"), ShardLayout.DEFAULT))
                .collectAsList()
                .get(0);

        assertThat(row.<Timestamp>getAs("ingested_at").toInstant()).isEqualTo(INGESTED_AT);
    }

    @Test
    void placesAnEventInTheShardItsHourHasInTheLayout() {
        Instant hour = Instant.parse("2026-11-24T04:00:00Z");
        ShardLayout layout =
                new ShardLayout(List.of(new ShardLayout.Epoch(Instant.EPOCH, 16), new ShardLayout.Epoch(hour, 1024)));

        Row row = RawEventParsing.accepted(RawEventParsing.parse(records(ORDER), INGESTED_AT, layout))
                .collectAsList()
                .get(0);
        Row before = RawEventParsing.accepted(RawEventParsing.parse(
                        records(ORDER.replace("10:15:00+05:30", "09:15:00+05:30")), INGESTED_AT, layout))
                .collectAsList()
                .get(0);

        assertThat(row.<Integer>getAs("shard")).isEqualTo(RawEventLayout.shardOf("evt-1", 1024));
        assertThat(before.<Integer>getAs("shard")).isEqualTo(RawEventLayout.shardOf("evt-1", 16));
    }

    @Test
    void fingerprintsTheEventAsCoreDefinesIt() {
        Row row = RawEventParsing.accepted(RawEventParsing.parse(records(ORDER), INGESTED_AT, ShardLayout.DEFAULT))
                .collectAsList()
                .get(0);

        assertThat(row.<String>getAs("fingerprint"))
                .isEqualTo(com.merchantinsights.core.layout.EventFingerprint.of(
                        "m-1",
                        "evt-1",
                        "order.completed",
                        Instant.parse("2026-11-24T04:45:00Z"),
                        "c-9",
                        null,
                        129900L,
                        "INR",
                        Map.of("channel", "web", "country", "IN"),
                        "{\"coupon\":\"X\",\"items\":[1,2]}"));
    }

    private static Dataset<Row> records(String... values) {
        List<Row> rows = IntStream.range(0, values.length)
                .mapToObj(i -> RowFactory.create(values[i], 0, (long) i, Timestamp.from(KAFKA_TIME)))
                .toList();
        return spark.createDataFrame(rows, KAFKA_SCHEMA);
    }
}
