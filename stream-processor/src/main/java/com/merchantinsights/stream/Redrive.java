package com.merchantinsights.stream;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The rejected dead letter a record re-sends (from its Kafka headers, decision 0012): the letter keeps its identity
 * if the record is rejected again, and is marked resolved once the event is stored.
 */
record Redrive(UUID deadLetterId, Instant recordedAt) implements Serializable {
    Redrive {
        Objects.requireNonNull(deadLetterId, "deadLetterId");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    /** Null unless both headers are present and well formed: a malformed header makes an ordinary record. */
    static Redrive ofHeaders(String deadLetterId, String recordedAt) {
        if (deadLetterId == null || recordedAt == null) {
            return null;
        }
        try {
            return new Redrive(UUID.fromString(deadLetterId), Instant.parse(recordedAt));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
