package com.merchantinsights.core.time;

import java.util.Arrays;
import java.util.Optional;

/**
 * The time grains of the cubes: a 15-minute UTC base, and hour, day, week and month in the merchant's own calendar.
 * Every grain above the base is built from a finer one whose buckets nest in it exactly.
 */
public enum Grain {
    QUARTER_HOUR("quarter_hour"),
    HOUR("hour"),
    DAY("day"),
    WEEK("week"),
    MONTH("month");

    private final String wireName;

    Grain(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in files, tables and the API ({@code quarter_hour}, {@code hour}, ...). */
    public String wireName() {
        return wireName;
    }

    public static Optional<Grain> named(String name) {
        return Arrays.stream(values()).filter(g -> g.wireName.equals(name)).findFirst();
    }
}
