package com.merchantinsights.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The cube's base grain: a 15-minute UTC bucket. Every current UTC offset is a multiple of 15 minutes, so
 * these buckets add up exactly to any merchant's local hour, day, week or month.
 */
public record QuarterHour(Instant start) implements Comparable<QuarterHour> {
    public static final Duration LENGTH = Duration.ofMinutes(15);
    private static final long SECONDS = LENGTH.toSeconds();

    public QuarterHour {
        Objects.requireNonNull(start, "start");
        if (start.getEpochSecond() % SECONDS != 0 || start.getNano() != 0) {
            throw new IllegalArgumentException("not on a 15-minute boundary: " + start);
        }
    }

    public static QuarterHour containing(Instant instant) {
        return new QuarterHour(Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), SECONDS) * SECONDS));
    }

    public Instant end() {
        return start.plus(LENGTH);
    }

    @Override
    public int compareTo(QuarterHour other) {
        return start.compareTo(other.start);
    }
}
