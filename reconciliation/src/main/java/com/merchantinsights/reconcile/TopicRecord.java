package com.merchantinsights.reconcile;

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
     * Whether this record came before {@code other} in the order the stream judges the versions of an identity
     * (decision 0026): the events API's receipt time (Kafka's time where the record has none), then partition and
     * offset. The stream keeps the first one whenever it sees both in one micro-batch or is caught up; under a backlog
     * it may have stored a later one first, which {@link TopicIdentities#findings} reports.
     */
    boolean before(TopicRecord other) {
        int byReceipt = receivedOrAppended().compareTo(other.receivedOrAppended());
        if (byReceipt != 0) {
            return byReceipt < 0;
        }
        return partition != other.partition ? partition < other.partition : offset < other.offset;
    }

    Instant receivedOrAppended() {
        return fields.receivedAt() != null ? fields.receivedAt() : timestamp;
    }
}
