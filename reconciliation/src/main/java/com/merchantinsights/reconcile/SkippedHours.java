package com.merchantinsights.reconcile;

import java.time.Instant;
import java.util.Objects;

/** A run of consecutive hours [from, to) that a check did not compare, for one reason. */
public record SkippedHours(ReconciliationCheck check, Instant from, Instant to, HourStatus status) {
    public SkippedHours {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(status, "status");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("empty run of hours: " + from + " to " + to);
        }
        if (status.kind() == HourStatus.Kind.CHECKED) {
            throw new IllegalArgumentException("checked hours are not skipped");
        }
    }

    public long hours() {
        return java.time.Duration.between(from, to).toHours();
    }
}
