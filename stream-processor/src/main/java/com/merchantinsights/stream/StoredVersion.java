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
 * @param displaced       the version this one displaced when it was stored (decision 0048), as the recent-identity
 *                        index remembers it so that a replay of that batch displaces it again; null for most
 */
record StoredVersion(
        Instant eventHour,
        Instant occurredAt,
        String fingerprint,
        Instant receivedAt,
        Integer kafkaPartition,
        Long kafkaOffset,
        Displaced displaced) {
    /**
     * A stored version that a version received earlier took the place of (decision 0048): where its raw row was, and
     * the Kafka record that had stored it, which names its conflict letter.
     */
    record Displaced(Instant eventHour, Instant occurredAt, Instant receivedAt, int kafkaPartition, long kafkaOffset) {
        Displaced {
            Objects.requireNonNull(eventHour, "eventHour");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        static Displaced of(StoredVersion version) {
            return new Displaced(
                    version.eventHour(),
                    version.occurredAt(),
                    version.receivedAt(),
                    version.kafkaPartition(),
                    version.kafkaOffset());
        }
    }

    /** Earliest received first, then Kafka position: "first received wins" among stored versions too. */
    static final Comparator<StoredVersion> FIRST_RECEIVED = Comparator.comparing(
                    StoredVersion::receivedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(StoredVersion::kafkaPartition, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(StoredVersion::kafkaOffset, Comparator.nullsLast(Comparator.naturalOrder()));

    StoredVersion {
        Objects.requireNonNull(eventHour, "eventHour");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    StoredVersion(
            Instant eventHour,
            Instant occurredAt,
            String fingerprint,
            Instant receivedAt,
            Integer kafkaPartition,
            Long kafkaOffset) {
        this(eventHour, occurredAt, fingerprint, receivedAt, kafkaPartition, kafkaOffset, null);
    }

    /**
     * Whether this record was received before this version and says something else, so that it takes this version's
     * place (decision 0048). Only a version whose receipt and Kafka record are known can be displaced: a raw row from
     * before decision 0026 stays.
     */
    boolean displaceableBy(ParsedRecord record) {
        if (receivedAt == null || kafkaPartition == null || kafkaOffset == null || sameAs(record) || storedBy(record)) {
            return false;
        }
        return FIRST_RECEIVED.compare(of(record), this) < 0;
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
        return of(record, null);
    }

    static StoredVersion of(ParsedRecord record, Displaced displaced) {
        // Kafka's time stands for the receipt of a record produced without one, as the verdicts order them.
        return new StoredVersion(
                record.eventHour(),
                record.occurredAt(),
                record.fingerprint(),
                record.receivedOrAppended(),
                record.kafkaPartition(),
                record.kafkaOffset(),
                displaced);
    }
}
