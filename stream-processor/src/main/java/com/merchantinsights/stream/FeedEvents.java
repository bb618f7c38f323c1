package com.merchantinsights.stream;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The rows of the cube feed (decision 0027): the cube columns of a stored event, and its raw hour. */
public final class FeedEvents {
    /** The cube's input columns ({@code RawEventReader.CUBE_INPUT}) and the event's UTC hour. */
    public static final StructType SCHEMA = new StructType()
            .add(RawEventsTable.MERCHANT_ID, DataTypes.StringType, false)
            .add(RawEventsTable.EVENT_TYPE, DataTypes.StringType, false)
            .add(RawEventsTable.OCCURRED_AT, DataTypes.TimestampType, false)
            .add(RawEventsTable.CUSTOMER_ID, DataTypes.StringType)
            .add(RawEventsTable.ANONYMOUS_ID, DataTypes.StringType)
            .add(RawEventsTable.AMOUNT, DataTypes.LongType)
            .add(RawEventsTable.CURRENCY, DataTypes.StringType)
            .add(RawEventsTable.DIMENSIONS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
            .add(RawEventsTable.EVENT_HOUR, DataTypes.TimestampType, false);

    /** What one task of a micro-batch answers: its outcome, and the feed rows of the events it stored. */
    record TaskResult(PartitionOutcome outcome, List<Row> feed) implements Serializable {}

    private FeedEvents() {}

    static Row row(ParsedRecord record) {
        return RowFactory.create(
                record.merchantId(),
                record.eventType(),
                Timestamp.from(record.occurredAt()),
                record.customerId(),
                record.anonymousId(),
                record.amount(),
                record.currency(),
                scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(
                        record.dimensions() == null ? java.util.Map.<String, String>of() : record.dimensions())),
                Timestamp.from(record.eventHour()));
    }
}
