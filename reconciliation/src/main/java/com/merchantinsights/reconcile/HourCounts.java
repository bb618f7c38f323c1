package com.merchantinsights.reconcile;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Counts per (hour, merchant) from one side of a check; a cell never seen counts 0. */
public final class HourCounts {
    public static final HourCounts NONE = new HourCounts(Map.of());

    private final Map<HourMerchant, Long> counts;

    private HourCounts(Map<HourMerchant, Long> counts) {
        this.counts = Map.copyOf(counts);
    }

    /** Sums counts of the same cell (a source read in parts, e.g. one Cassandra partition per shard). */
    public static HourCounts of(Collection<HourCount> counts) {
        Map<HourMerchant, Long> sums = new TreeMap<>();
        counts.forEach(c -> sums.merge(c.cell(), c.count(), Long::sum));
        return new HourCounts(sums);
    }

    public long get(HourMerchant cell) {
        return counts.getOrDefault(cell, 0L);
    }

    /** The merchants with a count in this hour. */
    public Set<String> merchants(Instant hour) {
        return counts.keySet().stream()
                .filter(c -> c.hour().equals(hour))
                .map(HourMerchant::merchantId)
                .collect(Collectors.toSet());
    }

    public HourCounts plus(HourCounts other) {
        Map<HourMerchant, Long> sums = new TreeMap<>(counts);
        other.counts.forEach((cell, count) -> sums.merge(cell, count, Long::sum));
        return new HourCounts(sums);
    }

    @Override
    public String toString() {
        return new TreeMap<>(counts).toString();
    }
}
