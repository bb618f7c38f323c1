package com.merchantinsights.stream;

import java.io.Serializable;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rejected records of one batch, per reason, with the Kafka position of the first one so an operator can
 * find it. Payloads are not logged: they may carry personal data (design decision 11).
 */
public record RejectedRecords(String reason, long count, int firstPartition, long firstOffset) implements Serializable {
    private static final Comparator<RejectedRecords> POSITION =
            Comparator.comparingInt(RejectedRecords::firstPartition).thenComparingLong(RejectedRecords::firstOffset);

    public RejectedRecords {
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Summarised per partition where the rows are (one stage, no shuffle: this runs on every micro-batch), then
     * merged on the driver, which receives a few rows per partition, never the records themselves.
     */
    public static List<RejectedRecords> of(Dataset<Row> rejectedRows) {
        List<RejectedRecords> perPartition = rejectedRows
                .select(RawEventParsing.REJECTION, RawEventParsing.KAFKA_PARTITION, RawEventParsing.KAFKA_OFFSET)
                .javaRDD()
                .mapPartitions((FlatMapFunction<Iterator<Row>, RejectedRecords>) RejectedRecords::summarise)
                .collect();
        return merge(perPartition);
    }

    static List<RejectedRecords> merge(Collection<RejectedRecords> summaries) {
        Map<String, RejectedRecords> byReason = new LinkedHashMap<>();
        for (RejectedRecords s : summaries) {
            byReason.merge(s.reason(), s, RejectedRecords::plus);
        }
        return List.copyOf(byReason.values());
    }

    private static Iterator<RejectedRecords> summarise(Iterator<Row> rows) {
        Map<String, RejectedRecords> byReason = new LinkedHashMap<>();
        rows.forEachRemaining(row -> byReason.merge(row.getString(0),
                new RejectedRecords(row.getString(0), 1, row.getInt(1), row.getLong(2)), RejectedRecords::plus));
        return byReason.values().iterator();
    }

    private RejectedRecords plus(RejectedRecords other) {
        RejectedRecords first = POSITION.compare(this, other) <= 0 ? this : other;
        return new RejectedRecords(reason, count + other.count, first.firstPartition, first.firstOffset);
    }
}
