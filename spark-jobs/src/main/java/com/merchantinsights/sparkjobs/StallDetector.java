package com.merchantinsights.sparkjobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Tells a stuck micro-batch from a slow one: the query is stalled when a trigger is active and its sign of life
 * (the last batch's progress and the count of finished tasks) has not changed for longer than the timeout. A
 * catch-up batch that runs for minutes on a busy machine keeps finishing tasks and is left alone: replacing it
 * would only start the same batch again, larger. (Seen here: after a Cassandra restart, the connector's schema lookup
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
     * @param progress the query's sign of life (any value that changes when a batch or a task completes), or null
     * @return true when the query has been busy without a sign of life for longer than the timeout
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
