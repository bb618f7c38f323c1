package com.merchantinsights.stream;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A version of an identity that an earlier micro-batch stored, as the recent-identity index or the raw row holds
 * it: where it lives, what it says, and which Kafka record stored it.
 *
 * @param fingerprint     null for a raw row written before decision 0026 (it had no fingerprint column)
 * @param kafkaPartition  null where unknown (raw rows written before decision 0026, promoted versions)
 */
record StoredVersion(
        Instant eventHour,
        Instant occurredAt,
        String fingerprint,
        Instant receivedAt,
        Integer kafkaPartition,
        Long kafkaOffset) {
    /** Earliest received first, then Kafka position: "first received wins" among stored versions too. */
    static final Comparator<StoredVersion> FIRST_RECEIVED = Comparator.comparing(
                    StoredVersion::receivedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(StoredVersion::kafkaPartition, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(StoredVersion::kafkaOffset, Comparator.nullsLast(Comparator.naturalOrder()));

    StoredVersion {
        Objects.requireNonNull(eventHour, "eventHour");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** The version stored by exactly this Kafka record: a replayed micro-batch meeting its own write. */
    boolean storedBy(ParsedRecord record) {
        return kafkaPartition != null
                && kafkaOffset != null
                && kafkaPartition == record.kafkaPartition()
                && kafkaOffset == record.kafkaOffset()
                && eventHour.equals(record.eventHour());
    }

    /**
     * Whether the record says the same as this version. A row from before fingerprints were stored is compared by
     * its occurrence time only (a retry repeats it; a clock-skew correction is what moves it).
     */
    boolean sameAs(ParsedRecord record) {
        return fingerprint != null ? fingerprint.equals(record.fingerprint()) : occurredAt.equals(record.occurredAt());
    }

    static StoredVersion of(ParsedRecord record) {
        return new StoredVersion(
                record.eventHour(),
                record.occurredAt(),
                record.fingerprint(),
                record.receivedAt(),
                record.kafkaPartition(),
                record.kafkaOffset());
    }
}
