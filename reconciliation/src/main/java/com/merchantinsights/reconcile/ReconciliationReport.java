package com.merchantinsights.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one reconciliation of [from, to).
 *
 * @param matched  comparisons (cells × checks) whose two sides agree
 * @param findings identities stored twice, or with a version received after another (decision 0026)
 */
public record ReconciliationReport(
        Instant from,
        Instant to,
        List<Mismatch> mismatches,
        List<PendingCell> pending,
        List<SkippedHours> skipped,
        long matched,
        long topicRecordsWithoutHour,
        long deadLettersWithoutHour,
        List<IdentityFinding> findings) {
    /** Every compared hour matched (pending and skipped hours do not change this). */
    public static final int EXIT_MATCHED = 0;
    /** At least one mismatch, or an identity stored other than decision 0026 promises. */
    public static final int EXIT_MISMATCH = 3;
    /** An engine could not be read: nothing can be said. */
    public static final int EXIT_COULD_NOT_CHECK = 4;

    public ReconciliationReport {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        mismatches = List.copyOf(mismatches);
        pending = List.copyOf(pending);
        skipped = List.copyOf(skipped);
        findings = List.copyOf(findings);
    }

    public ReconciliationReport(
            Instant from,
            Instant to,
            List<Mismatch> mismatches,
            List<PendingCell> pending,
            List<SkippedHours> skipped,
            long matched,
            long topicRecordsWithoutHour,
            long deadLettersWithoutHour) {
        this(
                from,
                to,
                mismatches,
                pending,
                skipped,
                matched,
                topicRecordsWithoutHour,
                deadLettersWithoutHour,
                List.of());
    }

    public int exitCode() {
        return mismatches.isEmpty() && findings.isEmpty() ? EXIT_MATCHED : EXIT_MISMATCH;
    }
}
