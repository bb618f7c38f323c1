package com.merchantinsights.etl;

import static org.apache.spark.sql.functions.col;

import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.stream.RawEventsTable;
import com.merchantinsights.stream.RawPartitions;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads the raw events of whole UTC hours, by partition key only: no scan of the rest of the table. */
public final class RawEventReader {
    /** The raw columns the cube reads. */
    public static final org.apache.spark.sql.Column[] CUBE_INPUT = {
        col(RawEventsTable.MERCHANT_ID),
        col(RawEventsTable.EVENT_TYPE),
        col(RawEventsTable.OCCURRED_AT),
        col(RawEventsTable.CUSTOMER_ID),
        col(RawEventsTable.ANONYMOUS_ID),
        col(RawEventsTable.AMOUNT),
        col(RawEventsTable.CURRENCY),
        col(RawEventsTable.DIMENSIONS)
    };

    private RawEventReader() {}

    /** Whole UTC hours' partitions ({@link RawPartitions}: by partition key, at LOCAL_QUORUM). */
    public static Dataset<Row> hours(SparkSession spark, Collection<Instant> hours) {
        return partitions(spark, hours).select(CUBE_INPUT);
    }

    /**
     * The rows of whole UTC hours that the applied feed covers (decision 0027): rows written without a Kafka position
     * (a backfill), and rows whose position is below the applied end offset of its partition. A row above it belongs
     * to a batch whose feed is not applied yet, and reaches the cube as a delta when it is.
     */
    public static Dataset<Row> hoursCoveredBy(
            SparkSession spark, Collection<Instant> hours, Map<Integer, Long> endOffsets) {
        org.apache.spark.sql.Column covered =
                col(RawEventsTable.KAFKA_PARTITION).isNull();
        for (Map.Entry<Integer, Long> partition : endOffsets.entrySet()) {
            covered = covered.or(col(RawEventsTable.KAFKA_PARTITION)
                    .equalTo(partition.getKey())
                    .and(col(RawEventsTable.KAFKA_OFFSET).lt(partition.getValue())));
        }
        return partitions(spark, hours).filter(covered).select(CUBE_INPUT);
    }

    private static Dataset<Row> partitions(SparkSession spark, Collection<Instant> hours) {
        return RawPartitions.hours(spark, RawEventLayout.RAW_EVENTS_TABLE, hours);
    }
}
