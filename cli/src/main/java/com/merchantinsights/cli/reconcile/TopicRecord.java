package com.merchantinsights.cli.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * One record of the events topic as the reconciliation sees it: where it sits in Kafka, when Kafka stamped it, and
 * the fields that place it.
 *
 * @param redrive the record re-sends a rejected dead letter (its {@code insights-redrive-of} header): rejected again,
 *                it rewrites that letter instead of adding one (decision 0012)
 */
public record TopicRecord(int partition, long offset, Instant timestamp, EventRecordFields fields, boolean redrive) {
    public TopicRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(fields, "fields");
    }

    /**
     * Whether this record came before {@code other} in the order the stream processor claims identities: offset order
     * within a partition, Kafka time across partitions. The events API does not place by key (decision 0024), so a
     * re-send may be on another partition than its first version, and two versions in one micro-batch are claimed in
     * either order: across partitions this is a guess, which {@link TopicIdentities#undecided()} lets the store settle.
     */
    boolean before(TopicRecord other) {
        if (partition == other.partition) {
            return offset < other.offset;
        }
        return timestamp.isBefore(other.timestamp);
    }
}
