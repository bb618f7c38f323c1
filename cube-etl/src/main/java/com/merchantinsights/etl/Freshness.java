package com.merchantinsights.etl;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
     * @param rebuilt the marks this refresh read and rebuilt
     * @param current the marks as they are just before the commit: any mark not in {@code rebuilt} (new, or
     *                re-written with another marked_at) is still dirty after it
     */
    static Freshness after(Collection<DirtyMark> rebuilt, Collection<DirtyMark> current, Instant now) {
        return after(rebuilt, current, List.of(), now);
    }

    /** @param stillRequested hours with a rebuild request that this refresh did not consume (decision 0027) */
    static Freshness after(Collection<DirtyMark> rebuilt, Collection<DirtyMark> current,
                           Collection<Instant> stillRequested, Instant now) {
        Set<DirtyMark> done = new HashSet<>(rebuilt);
        SortedSet<Instant> pending = new TreeSet<>(stillRequested);
        for (DirtyMark mark : current) {
            if (!done.contains(mark)) {
                pending.add(mark.eventHour());
            }
        }
        Instant completeThrough = pending.isEmpty() || pending.first().isAfter(now) ? now : pending.first();
        return new Freshness(now, completeThrough, pending.size());
    }
}
