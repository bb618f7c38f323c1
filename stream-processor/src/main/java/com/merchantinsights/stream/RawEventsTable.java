package com.merchantinsights.stream;

import com.merchantinsights.core.event.EventFields;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Column names of {@code insights.raw_events} (core/src/main/resources/schema/cassandra.cql), which are also the
 * columns of the Parquet archive and of a re-derived version. A field of the event contract keeps its name
 * ({@link EventFields}); the event's type is {@code event_type} here.
 */
public final class RawEventsTable {
    public static final String EVENT_HOUR = "event_hour";
    public static final String SHARD = "shard";
    public static final String MERCHANT_ID = EventFields.MERCHANT_ID;
    public static final String EVENT_ID = EventFields.EVENT_ID;
    public static final String EVENT_TYPE = "event_type";
    public static final String OCCURRED_AT = EventFields.OCCURRED_AT;
    public static final String CUSTOMER_ID = EventFields.CUSTOMER_ID;
    public static final String ANONYMOUS_ID = EventFields.ANONYMOUS_ID;
    public static final String AMOUNT = EventFields.AMOUNT;
    public static final String CURRENCY = EventFields.CURRENCY;
    public static final String DIMENSIONS = EventFields.DIMENSIONS;
    public static final String PAYLOAD = "payload";
    public static final String RECEIVED_AT = EventFields.RECEIVED_AT;
    public static final String INGESTED_AT = "ingested_at";
    public static final String LOGIC_VERSION = "logic_version";
    /** {@code EventFingerprint} of the version stored: what a re-send is compared with (decision 0026). */
    public static final String FINGERPRINT = "fingerprint";
    /** The Kafka position the row was stored from (null for a backfill): what the ETL's feed covers (decision 0027). */
    public static final String KAFKA_PARTITION = "kafka_partition";

    public static final String KAFKA_OFFSET = "kafka_offset";

    private static final String[] ALL = {
        EVENT_HOUR,
        SHARD,
        MERCHANT_ID,
        EVENT_ID,
        EVENT_TYPE,
        OCCURRED_AT,
        CUSTOMER_ID,
        ANONYMOUS_ID,
        AMOUNT,
        CURRENCY,
        DIMENSIONS,
        PAYLOAD,
        RECEIVED_AT,
        INGESTED_AT,
        LOGIC_VERSION,
        FINGERPRINT
    };

    private RawEventsTable() {}

    /** The raw columns as Spark types: the archive's Parquet schema, and the shape of any read of raw history. */
    public static final StructType SCHEMA = new StructType()
            .add(EVENT_HOUR, DataTypes.TimestampType)
            .add(SHARD, DataTypes.IntegerType)
            .add(MERCHANT_ID, DataTypes.StringType)
            .add(EVENT_ID, DataTypes.StringType)
            .add(EVENT_TYPE, DataTypes.StringType)
            .add(OCCURRED_AT, DataTypes.TimestampType)
            .add(CUSTOMER_ID, DataTypes.StringType)
            .add(ANONYMOUS_ID, DataTypes.StringType)
            .add(AMOUNT, DataTypes.LongType)
            .add(CURRENCY, DataTypes.StringType)
            .add(DIMENSIONS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
            .add(PAYLOAD, DataTypes.StringType)
            .add(RECEIVED_AT, DataTypes.TimestampType)
            .add(INGESTED_AT, DataTypes.TimestampType)
            .add(LOGIC_VERSION, DataTypes.IntegerType)
            .add(FINGERPRINT, DataTypes.StringType);

    public static Column[] columns() {
        return Arrays.stream(ALL).map(functions::col).toArray(Column[]::new);
    }
}
