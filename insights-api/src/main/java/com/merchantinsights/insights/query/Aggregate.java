package com.merchantinsights.insights.query;

import java.util.HashMap;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;

/**
 * The measures of the cube rows that fall in one answer cell (a bucket, a group, or a whole range): counts and
 * amounts added per event type (and currency), sketches unioned per distinct measure and event type. Merging two
 * aggregates is exact for counts and amounts and loses nothing for sketches, so "other" rows and range totals are
 * computed from merged aggregates, never by adding metric values.
 */
public final class Aggregate {
    private final int logK;
    final Map<String, Long> counts = new HashMap<>();
    final Map<String, Map<String, Long>> amounts = new HashMap<>();
    final Map<String, Map<String, Union>> sketches = new HashMap<>();

    public Aggregate(int logK) {
        this.logK = logK;
    }

    void addRow(CubeRow row) {
        counts.merge(row.eventType(), row.count(), Long::sum);
        if (!row.currency().isEmpty()) {
            amounts.computeIfAbsent(row.eventType(), t -> new HashMap<>())
                    .merge(row.currency(), row.amount(), Long::sum);
        }
        row.sketches().forEach((measure, bytes) -> {
            if (bytes != null) {
                union(measure, row.eventType()).update(HllSketch.heapify(bytes));
            }
        });
    }

    void merge(Aggregate other) {
        other.counts.forEach((type, n) -> counts.merge(type, n, Long::sum));
        other.amounts.forEach((type, byCurrency) -> byCurrency.forEach((currency, amount) ->
                amounts.computeIfAbsent(type, t -> new HashMap<>()).merge(currency, amount, Long::sum)));
        other.sketches.forEach((measure, byType) ->
                byType.forEach((type, union) -> union(measure, type).update(union.getResult())));
    }

    long count(String eventType) {
        return counts.getOrDefault(eventType, 0L);
    }

    /** Every event of the cell, whatever its type: how groups are ranked. */
    long events() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> amounts(String eventType) {
        return amounts.getOrDefault(eventType, Map.of());
    }

    /** Distinct estimate of a measure over rows of one type, or of every type when {@code eventType} is null. */
    double distinct(String measure, String eventType) {
        Map<String, Union> byType = sketches.getOrDefault(measure, Map.of());
        if (eventType != null) {
            Union union = byType.get(eventType);
            return union == null ? 0 : union.getResult().getEstimate();
        }
        Union all = new Union(logK);
        byType.values().forEach(u -> all.update(u.getResult()));
        return all.getResult().getEstimate();
    }

    private Union union(String measure, String eventType) {
        return sketches.computeIfAbsent(measure, m -> new HashMap<>()).computeIfAbsent(eventType, t -> new Union(logK));
    }
}
