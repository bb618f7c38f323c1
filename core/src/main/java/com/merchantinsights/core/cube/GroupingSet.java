package com.merchantinsights.core.cube;

import java.util.List;
import java.util.Objects;

/**
 * One cuboid of the cube: the dimensions its rows are grouped by ({@code ()} is the merchant's totals). Its id is
 * what the warehouse stores in the {@code cuboid} column: {@code all}, {@code channel}, {@code channel+country}.
 */
public record GroupingSet(List<String> dimensions) {
    public static final String TOTALS_ID = "all";

    public GroupingSet {
        dimensions = List.copyOf(Objects.requireNonNull(dimensions, "dimensions"));
        if (dimensions.stream().distinct().count() != dimensions.size()) {
            throw new IllegalArgumentException("a grouping set names each dimension once: " + dimensions);
        }
    }

    public String id() {
        return dimensions.isEmpty() ? TOTALS_ID : String.join("+", dimensions);
    }

    public boolean isTotals() {
        return dimensions.isEmpty();
    }

    public boolean groups(String dimension) {
        return dimensions.contains(dimension);
    }
}
