package com.merchantinsights.cli.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one reconciliation of [from, to).
 *
 * @param matched comparisons (cells × checks) whose two sides agree
 */
public record ReconciliationReport(Instant from, Instant to, List<Mismatch> mismatches, List<PendingCell> pending,
                                   List<SkippedHours> skipped, long matched, long topicRecordsWithoutHour,
                                   long deadLettersWithoutHour) {
    /** Every compared hour matched (pending and skipped hours do not change this). */
    public static final int EXIT_MATCHED = 0;
    /** At least one mismatch. */
    public static final int EXIT_MISMATCH = 3;
    /** An engine could not be read: nothing can be said. */
    public static final int EXIT_COULD_NOT_CHECK = 4;

    public ReconciliationReport {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        mismatches = List.copyOf(mismatches);
        pending = List.copyOf(pending);
        skipped = List.copyOf(skipped);
    }

    public int exitCode() {
        return mismatches.isEmpty() ? EXIT_MATCHED : EXIT_MISMATCH;
    }
}
