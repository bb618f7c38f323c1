package com.merchantinsights.stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/** Rows of {@code insights.dirty_hours}: which (hour, merchant) pairs a batch touched, and when it said so. */
public final class DirtyMarks {
    public static final String MARKED_AT = "marked_at";

    private DirtyMarks() {
    }

    /**
     * The distinct (event_hour, merchant_id) pairs of each partition of the stored rows, all with the same
     * marked_at. Deduplicating per partition avoids a shuffle; a pair present in two partitions is written twice
     * with identical values, which is the same row.
     */
    public static Dataset<Row> of(Dataset<Row> acceptedRows, Instant markedAt) {
        Dataset<Row> pairs = acceptedRows.select(col(RawEventsTable.EVENT_HOUR), col(RawEventsTable.MERCHANT_ID));
        return pairs
                .mapPartitions((MapPartitionsFunction<Row, Row>) DirtyMarks::distinct, Encoders.row(pairs.schema()))
                .withColumn(MARKED_AT, lit(Timestamp.from(markedAt)));
    }

    private static Iterator<Row> distinct(Iterator<Row> rows) {
        Set<Row> distinct = new LinkedHashSet<>();
        rows.forEachRemaining(distinct::add);
        return distinct.iterator();
    }
}
