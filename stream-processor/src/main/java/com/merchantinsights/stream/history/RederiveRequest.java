package com.merchantinsights.stream.history;

import com.merchantinsights.core.layout.RawHistorySource;
import com.merchantinsights.core.layout.RawVersionLayout;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to re-derive: the UTC hours of [from, to) (widened to whole hours), the merchants (all when empty), and where
 * to read them from (null: wherever each hour is complete, {@link RawHistorySource#of}).
 */
public record RederiveRequest(Instant from, Instant to, Set<String> merchants, RawHistorySource source) {
    /** A bound on one request, so that a typo does not start a year-long job: about two years of hours. */
    public static final Duration MAX_RANGE = Duration.ofDays(800);

    public RederiveRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        merchants = Set.copyOf(Objects.requireNonNull(merchants, "merchants"));
        from = from.truncatedTo(ChronoUnit.HOURS);
        Instant truncated = to.truncatedTo(ChronoUnit.HOURS);
        to = truncated.equals(to) ? to : truncated.plus(1, ChronoUnit.HOURS);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to: " + from + " .. " + to);
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("a re-derivation covers at most " + MAX_RANGE.toDays() + " days");
        }
    }

    public List<Instant> hours() {
        List<Instant> hours = new ArrayList<>();
        for (Instant hour = from; hour.isBefore(to); hour = hour.plus(1, ChronoUnit.HOURS)) {
            hours.add(hour);
        }
        return hours;
    }

    public String rawVersion(int logicVersion) {
        return RawVersionLayout.rawVersion(logicVersion, from, to, merchants);
    }
}
