package com.merchantinsights.sparklocal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Tells a stuck micro-batch from a slow one: the query is stalled when a trigger is active and no batch has
 * completed for longer than the timeout. (Seen here: after a Cassandra restart, the connector's schema lookup
 * can wait forever on the driver session, uninterruptibly; only a new JVM gets a new session.)
 */
final class StallDetector {
    private final Duration timeout;
    private Object lastProgress;
    private Instant lastChange;

    StallDetector(Duration timeout, Instant now) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.lastChange = now;
    }

    /**
     * @param progress the query's last progress (any object that changes when a batch completes), or null
     * @return true when the query has been busy without completing a batch for longer than the timeout
     */
    synchronized boolean stalled(Instant now, boolean triggerActive, Object progress) {
        if (!triggerActive || !Objects.equals(progress, lastProgress)) {
            lastProgress = progress;
            lastChange = now;
            return false;
        }
        return Duration.between(lastChange, now).compareTo(timeout) > 0;
    }

    /** A new incarnation of the query starts with a fresh clock. */
    synchronized void reset(Instant now) {
        lastProgress = null;
        lastChange = now;
    }
}
