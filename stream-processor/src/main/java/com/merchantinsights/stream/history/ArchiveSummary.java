package com.merchantinsights.stream.history;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One archiver run.
 *
 * @param hoursArchived hours whose new generation was published
 * @param rowsArchived  rows in those generations
 * @param hoursPending  marked hours not archived yet because they have not settled
 */
public record ArchiveSummary(List<Instant> hoursArchived, long rowsArchived, int hoursPending, long durationMs) {
    public ArchiveSummary {
        hoursArchived = List.copyOf(Objects.requireNonNull(hoursArchived, "hoursArchived"));
    }
}
