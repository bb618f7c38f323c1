package com.merchantinsights.core.cube;

import com.merchantinsights.core.time.Grain;
import java.time.Period;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cube every merchant's numbers come from (decision 0013), as declared in its file: rows are keyed by
 * merchant, time bucket, cuboid, the cuboid's dimension values, event type and currency, and carry the measures.
 * Validated whole at construction, so a bad file stops the service that reads it at start-up.
 *
 * @param version   the derivation's logic version: recorded with every ETL run; a change means cubes are rebuilt
 * @param hllLogK   log2 of the HLL sketches' register count: 12 gives a relative standard error of about 1.6 %
 * @param retention how long each grain's buckets are kept, counted from the bucket's start
 */
public record CubeDefinition(
        String name,
        int version,
        List<String> dimensions,
        List<GroupingSet> groupingSets,
        List<Measure> measures,
        int hllLogK,
        Map<Grain, Period> retention) {
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    public static final int MIN_LOG_K = 4;
    public static final int MAX_LOG_K = 21;

    public CubeDefinition {
        Objects.requireNonNull(name, "name");
        dimensions = List.copyOf(Objects.requireNonNull(dimensions, "dimensions"));
        groupingSets = List.copyOf(Objects.requireNonNull(groupingSets, "groupingSets"));
        measures = List.copyOf(Objects.requireNonNull(measures, "measures"));
        retention = Map.copyOf(new EnumMap<>(Objects.requireNonNull(retention, "retention")));
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' must match " + NAME.pattern());
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be a positive integer");
        }
        if (new HashSet<>(dimensions).size() != dimensions.size()) {
            throw new IllegalArgumentException("dimensions: each dimension may be listed once");
        }
        for (GroupingSet set : groupingSets) {
            for (String dimension : set.dimensions()) {
                if (!dimensions.contains(dimension)) {
                    throw new IllegalArgumentException("grouping_sets: (" + String.join(", ", set.dimensions())
                            + ") uses '" + dimension + "', which is not in dimensions " + dimensions);
                }
            }
        }
        for (String dimension : dimensions) {
            if (groupingSets.stream().noneMatch(set -> set.groups(dimension))) {
                throw new IllegalArgumentException("dimensions: '" + dimension + "' is in no grouping set");
            }
        }
        if (groupingSets.stream()
                        .map(s -> new HashSet<>(s.dimensions()))
                        .distinct()
                        .count()
                != groupingSets.size()) {
            throw new IllegalArgumentException("grouping_sets: each grouping set may be listed once");
        }
        if (groupingSets.stream().noneMatch(GroupingSet::isTotals)) {
            throw new IllegalArgumentException("grouping_sets: () is required: the merchant's totals come from it");
        }
        if (measures.stream().map(Measure::name).distinct().count() != measures.size()) {
            throw new IllegalArgumentException("measures: each measure name may be used once");
        }
        if (measures.stream().noneMatch(m -> m.kind() == Measure.Kind.COUNT)) {
            throw new IllegalArgumentException("measures: a count() measure is required");
        }
        if (measures.stream().filter(m -> m.kind() == Measure.Kind.SUM).count() > 1) {
            throw new IllegalArgumentException("measures: at most one sum(amount) measure (it is kept per currency)");
        }
        if (hllLogK < MIN_LOG_K || hllLogK > MAX_LOG_K) {
            throw new IllegalArgumentException("hll.log_k must be between " + MIN_LOG_K + " and " + MAX_LOG_K);
        }
        for (Grain grain : Grain.values()) {
            Period kept = retention.get(grain);
            if (kept == null || kept.isNegative() || kept.isZero()) {
                throw new IllegalArgumentException(
                        "retention." + grain.wireName() + " must be a positive ISO period such as P400D");
            }
        }
    }

    public Optional<Measure> measure(String name) {
        return measures.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * Whether the grain's table holds every cuboid, or the totals cuboid only. Weeks and months hold the totals only
     * (decision 0028): a breakdown by week or month is answered from the day rows (at most 31 per key and period), and
     * so no ETL run writes a delta row per dimension value for the open week and month as well as for the day. The
     * 15-minute base holds the totals only too (decision 0029): breakdowns and filters start at the merchant-local
     * hour, which keeps every cuboid.
     */
    public static boolean storesEveryCuboid(Grain grain) {
        return grain == Grain.HOUR || grain == Grain.DAY;
    }

    public Optional<GroupingSet> groupingSet(String id) {
        return groupingSets.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The count measure every row has (the first one declared). */
    public Measure countMeasure() {
        return measures.stream()
                .filter(m -> m.kind() == Measure.Kind.COUNT)
                .findFirst()
                .orElseThrow();
    }

    /** The sum(amount) measure, if the cube has one. */
    public Optional<Measure> amountMeasure() {
        return measures.stream().filter(m -> m.kind() == Measure.Kind.SUM).findFirst();
    }

    public List<Measure> distinctMeasures() {
        return measures.stream().filter(m -> m.kind() == Measure.Kind.DISTINCT).toList();
    }

    /** Relative standard error of one distinct count from the sketches (1.04 / sqrt(2^logK)). */
    public double distinctRelativeError() {
        return 1.04 / Math.sqrt(1 << hllLogK);
    }
}
