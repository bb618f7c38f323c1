package com.merchantinsights.insights;

import java.time.Instant;

/**
 * How fresh an answer is, as the last ETL run published it: every event that occurred before
 * {@code completeThrough} is counted; {@code pendingHours} hours have received events not yet built.
 */
public record Freshness(Instant completeThrough, Instant lastRefresh, int pendingHours) {
    public static final Freshness NEVER_REFRESHED = new Freshness(Instant.EPOCH, Instant.EPOCH, 0);
}
