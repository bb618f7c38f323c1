package com.merchantinsights.etl;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the insights API tells its callers about freshness, as of one refresh.
 *
 * @param completeThrough every stored event before this instant is in the cubes
 * @param pendingHours    UTC hours that received events the cubes do not show yet
 */
record Freshness(Instant lastRefresh, Instant completeThrough, int pendingHours) {
    Freshness {
        Objects.requireNonNull(lastRefresh, "lastRefresh");
        Objects.requireNonNull(completeThrough, "completeThrough");
    }

    /**
     * @param feedLeft       the hours of the feed batches left after this refresh (decision 0033)
     * @param stillRequested hours with a rebuild request that this refresh did not consume (decision 0027)
     */
    static Freshness after(Collection<Instant> feedLeft, Collection<Instant> stillRequested, Instant now) {
        SortedSet<Instant> pending = new TreeSet<>(feedLeft);
        pending.addAll(stillRequested);
        Instant completeThrough = pending.isEmpty() || pending.first().isAfter(now) ? now : pending.first();
        return new Freshness(now, completeThrough, pending.size());
    }
}
