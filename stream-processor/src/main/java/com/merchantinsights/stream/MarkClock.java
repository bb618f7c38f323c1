package com.merchantinsights.stream;

import java.time.Clock;
import java.time.Instant;

/**
 * Strictly increasing millisecond timestamps for archive marks. The archiver deletes a mark only if its marked_at is
 * still the value it read, so two batches must never write the same value (Cassandra keeps milliseconds).
 */
final class MarkClock {
    private final Clock clock;
    private long lastMillis = Long.MIN_VALUE;

    MarkClock(Clock clock) {
        this.clock = clock;
    }

    synchronized Instant next() {
        long now = clock.millis();
        lastMillis = lastMillis == Long.MIN_VALUE ? now : Math.max(now, lastMillis + 1);
        return Instant.ofEpochMilli(lastMillis);
    }
}
