package com.merchantinsights.stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;

import com.merchantinsights.core.event.EventFields;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.ShardLayout;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Kafka records → rows of {@code insights.raw_events}, each with the reason it was rejected (null when it was
 * not). Parsing never fails the batch: a record that is not a valid event becomes a rejected row.
 */
public final class RawEventParsing {
    /**
     * Version of the payload → raw row derivation; reprocessing tells rows of older logic apart by it. 3: rows carry
     * their fingerprint (decision 0026).
     */
    public static final int LOGIC_VERSION = 3;

    /** Extra columns of a parsed row, next to the raw_events columns. */
    public static final String REJECTION = "rejection";

    public static final String KAFKA_PARTITION = RawEventsTable.KAFKA_PARTITION;
    public static final String KAFKA_OFFSET = RawEventsTable.KAFKA_OFFSET;
    public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
    /** The event's free properties as JSON text: not a raw column (they stay in the payload), but fingerprinted. */
    public static final String PROPERTIES = "properties";
    /** The re-driven dead letter's id and recorded time, from the record's Kafka headers (null for most records). */
    public static final String REDRIVE_OF = "redrive_of";

    public static final String REDRIVE_RECORDED_AT = "redrive_recorded_at";
    private static final String HEADERS = "headers";

    private static final String CORRUPT_RECORD = "_corrupt_record";
    private static final String EVENT = "event";

    /** Only the fields the raw store keeps in columns; {@code properties} and the rest stay in the payload. */
    static final StructType EVENT_SCHEMA = new StructType()
            .add(EventFields.EVENT_ID, DataTypes.StringType)
            .add(EventFields.MERCHANT_ID, DataTypes.StringType)
            .add(EventFields.TYPE, DataTypes.StringType)
            .add(EventFields.OCCURRED_AT, DataTypes.StringType)
            .add(EventFields.CUSTOMER_ID, DataTypes.StringType)
            .add(EventFields.ANONYMOUS_ID, DataTypes.StringType)
            .add(EventFields.AMOUNT, DataTypes.LongType)
            .add(EventFields.CURRENCY, DataTypes.StringType)
            .add(EventFields.DIMENSIONS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
            .add(EventFields.RECEIVED_AT, DataTypes.StringType)
            // A JSON object read as a string keeps its JSON text.
            .add(EventFields.PROPERTIES, DataTypes.StringType)
            .add(CORRUPT_RECORD, DataTypes.StringType);

    private static final Map<String, String> JSON_OPTIONS =
            Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT_RECORD);

    private RawEventParsing() {}

    /**
     * @param records    Kafka source rows (at least {@code value}, {@code partition}, {@code offset}, {@code timestamp};
     *                   {@code headers} when the source includes them)
     * @param ingestedAt processing time written to every row of the batch
     */
    public static Dataset<Row> parse(Dataset<Row> records, Instant ingestedAt, ShardLayout layout) {
        return parse(records, lit(Timestamp.from(ingestedAt)), layout);
    }

    /**
     * @param ingestedAt the processing time written to every row; the stream passes its micro-batch's timestamp,
     *                   which Spark keeps in the offset log, so that a replayed batch writes the same rows
     * @param layout     the raw store's shards per hour (decision 0026)
     */
    public static Dataset<Row> parse(Dataset<Row> records, Column ingestedAt, ShardLayout layout) {
        Dataset<Row> withEvent = records.select(
                        col("value").cast(DataTypes.StringType).as(RawEventsTable.PAYLOAD),
                        col("partition").as(KAFKA_PARTITION),
                        col("offset").as(KAFKA_OFFSET),
                        col("timestamp").as(KAFKA_TIMESTAMP),
                        header(records, DeadLetterFields.REDRIVE_OF_HEADER).as(REDRIVE_OF),
                        header(records, DeadLetterFields.REDRIVE_RECORDED_AT_HEADER)
                                .as(REDRIVE_RECORDED_AT),
                        ingestedAt.cast(DataTypes.TimestampType).as(RawEventsTable.INGESTED_AT))
                .withColumn(EVENT, from_json(col(RawEventsTable.PAYLOAD), EVENT_SCHEMA, JSON_OPTIONS))
                .withColumn(
                        RawEventsTable.OCCURRED_AT,
                        RawEventFunctions.PARSE_TIMESTAMP.apply(field(EventFields.OCCURRED_AT)));

        Column malformed = col(EVENT).isNull().or(field(CORRUPT_RECORD).isNotNull());
        Column occurredAt = col(RawEventsTable.OCCURRED_AT);
        return withEvent.select(
                RawEventFunctions.EVENT_HOUR.apply(occurredAt).as(RawEventsTable.EVENT_HOUR),
                RawEventFunctions.shard(layout)
                        .apply(field(EventFields.EVENT_ID), occurredAt)
                        .as(RawEventsTable.SHARD),
                field(EventFields.MERCHANT_ID).as(RawEventsTable.MERCHANT_ID),
                field(EventFields.EVENT_ID).as(RawEventsTable.EVENT_ID),
                field(EventFields.TYPE).as(RawEventsTable.EVENT_TYPE),
                occurredAt,
                field(EventFields.CUSTOMER_ID).as(RawEventsTable.CUSTOMER_ID),
                field(EventFields.ANONYMOUS_ID).as(RawEventsTable.ANONYMOUS_ID),
                field(EventFields.AMOUNT).as(RawEventsTable.AMOUNT),
                field(EventFields.CURRENCY).as(RawEventsTable.CURRENCY),
                field(EventFields.DIMENSIONS).as(RawEventsTable.DIMENSIONS),
                col(RawEventsTable.PAYLOAD),
                RawEventFunctions.PARSE_TIMESTAMP
                        .apply(field(EventFields.RECEIVED_AT))
                        .as(RawEventsTable.RECEIVED_AT),
                col(RawEventsTable.INGESTED_AT),
                lit(LOGIC_VERSION).as(RawEventsTable.LOGIC_VERSION),
                RawEventFunctions.FINGERPRINT
                        .apply(
                                field(EventFields.MERCHANT_ID),
                                field(EventFields.EVENT_ID),
                                field(EventFields.TYPE),
                                occurredAt,
                                field(EventFields.CUSTOMER_ID),
                                field(EventFields.ANONYMOUS_ID),
                                field(EventFields.AMOUNT),
                                field(EventFields.CURRENCY),
                                field(EventFields.DIMENSIONS),
                                field(EventFields.PROPERTIES))
                        .as(RawEventsTable.FINGERPRINT),
                RawEventFunctions.REJECTION
                        .apply(
                                malformed,
                                field(EventFields.EVENT_ID),
                                field(EventFields.MERCHANT_ID),
                                field(EventFields.TYPE),
                                occurredAt)
                        .as(REJECTION),
                field(EventFields.PROPERTIES).as(PROPERTIES),
                col(KAFKA_PARTITION),
                col(KAFKA_OFFSET),
                col(KAFKA_TIMESTAMP),
                col(REDRIVE_OF),
                col(REDRIVE_RECORDED_AT));
    }

    /** A Kafka header's value as text, or null when absent (or when the rows carry no headers at all). */
    private static Column header(Dataset<Row> records, String name) {
        if (!Arrays.asList(records.columns()).contains(HEADERS)) {
            return lit(null).cast(DataTypes.StringType);
        }
        return expr("cast(element_at(filter(" + HEADERS + ", h -> h.key = '" + name + "'), 1).value as string)");
    }

    /** The rows to store, with exactly the raw_events columns (what the archive and re-derivation read). */
    public static Dataset<Row> accepted(Dataset<Row> parsed) {
        return parsed.filter(col(REJECTION).isNull()).select(RawEventsTable.columns());
    }

    public static Dataset<Row> rejected(Dataset<Row> parsed) {
        return parsed.filter(col(REJECTION).isNotNull());
    }

    private static Column field(String name) {
        return col(EVENT).getField(name);
    }
}
