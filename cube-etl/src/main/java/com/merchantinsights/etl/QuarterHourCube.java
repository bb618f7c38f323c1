package com.merchantinsights.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import com.merchantinsights.core.time.QuarterHour;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/** Raw events → rows of {@code cube_base_15m}: event count per merchant, 15-minute UTC bucket and event type. */
public final class QuarterHourCube {
    /** {@link QuarterHour#containing}, so the bucket boundaries are the JVM's, not Spark's date functions'. */
    static final UserDefinedFunction BUCKET_START = udf(
            (UDF1<Object, Timestamp>) t -> t == null ? null
                    : Timestamp.from(QuarterHour.containing(toInstant(t)).start()),
            DataTypes.TimestampType);

    private QuarterHourCube() {
    }

    /**
     * @param rawEvents rows with merchant_id, event_type, occurred_at
     * @return merchant_id, bucket_start, event_type, event_count — the staging table's columns
     */
    public static Dataset<Row> aggregate(Dataset<Row> rawEvents) {
        return rawEvents
                .groupBy(col("merchant_id"), BUCKET_START.apply(col("occurred_at")).as("bucket_start"), col("event_type"))
                .agg(count(lit(1)).as("event_count"));
    }

    private static Instant toInstant(Object timestamp) {
        if (timestamp instanceof Timestamp t) {
            return t.toInstant();
        }
        if (timestamp instanceof Instant i) {
            return i;
        }
        throw new IllegalArgumentException("not a timestamp: " + timestamp.getClass());
    }
}
