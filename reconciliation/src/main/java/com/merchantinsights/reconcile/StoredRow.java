package com.merchantinsights.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * Where the raw store holds a version of an identity, and which Kafka record stored it (null for rows written before
 * decision 0026, or promoted from a re-derived version).
 */
public record StoredRow(Instant hour, Integer kafkaPartition, Long kafkaOffset) {
    public StoredRow {
        Objects.requireNonNull(hour, "hour");
    }

    boolean storedBy(TopicRecord record) {
        return kafkaPartition != null
                && kafkaOffset != null
                && kafkaPartition == record.partition()
                && kafkaOffset == record.offset();
    }
}
