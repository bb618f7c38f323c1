package com.merchantinsights.etl.reprocess;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One row of the run log {@code reprocess_runs}: a rebuild, a calendar rebuild or a rollback, and how it went. */
public record ReprocessRun(
        long runId,
        Kind kind,
        Instant from,
        Instant to,
        List<String> merchants,
        String rawVersion,
        String cubeName,
        int cubeVersion,
        State state,
        String requestedBy,
        Instant startedAt,
        Instant heartbeatAt,
        Instant builtAt,
        Instant switchedAt,
        Instant finishedAt,
        int hoursTotal,
        int hoursDone,
        long eventsRead,
        long rowsWritten,
        String diffSummary,
        Instant keepUntil,
        Long rollsBack,
        String detail,
        Instant rawBackupAt,
        Instant rawPromotedAt) {
    public enum Kind {
        REPROCESS,
        CALENDAR,
        ROLLBACK;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Kind of(String wireName) {
            return valueOf(wireName.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * building → built → switched → (rolled_back | expired); built → discarded; building → failed | abandoned (its
     * driver died). Only a built run can be switched, only a switched one rolled back.
     */
    public enum State {
        BUILDING,
        BUILT,
        SWITCHED,
        ROLLED_BACK,
        DISCARDED,
        FAILED,
        ABANDONED,
        EXPIRED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State of(String wireName) {
            return valueOf(wireName.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public ReprocessRun {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        merchants = List.copyOf(merchants);
    }

    public ShadowSchema schema() {
        return new ShadowSchema(runId);
    }
}
