package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a refresh capped by {@link CubeEtlConfig#maxFeedEventsPerRun} clears and reports (decision 0027 §9). */
class CappedRunTest {
    private static final List<DirtyMark> SNAPSHOT = List.of(
            new DirtyMark(Instant.parse("2026-12-04T10:00:00Z"), "m-1", Instant.parse("2026-12-04T10:05:00Z")),
            new DirtyMark(Instant.parse("2026-12-04T11:00:00Z"), "m-2", Instant.parse("2026-12-04T11:01:00Z")));

    @Test
    void aCappedRunClearsNoMarkSoItsHoursStayPending() {
        CubeFeedSlice capped = new CubeFeedSlice(List.of(), Map.of("q1", 3L), Map.of(0, 40L), true, true);

        assertThat(CubeEtl.marksCovered(capped, SNAPSHOT)).isEmpty();
        Freshness after = Freshness.after(CubeEtl.marksCovered(capped, SNAPSHOT), SNAPSHOT, Instant.parse("2026-12-04T12:00:00Z"));
        assertThat(after.pendingHours()).isEqualTo(2);
        assertThat(after.completeThrough()).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    }

    @Test
    void aRunThatAppliedTheFeedToItsEndClearsItsSnapshot() {
        CubeFeedSlice whole = new CubeFeedSlice(List.of(), Map.of("q1", 3L), Map.of(0, 40L), true, false);

        assertThat(CubeEtl.marksCovered(whole, SNAPSHOT)).isEqualTo(SNAPSHOT);
    }

    @Test
    void runsAddUpWithTheLastRunsIdAndFlag() {
        EtlSummary first = new EtlSummary(7, 1, 1_000, 5_000, 300, 200, 90, true);
        EtlSummary second = new EtlSummary(8, 0, 400, 2_000, 120, 80, 30, false);

        assertThat(first.then(second)).isEqualTo(new EtlSummary(8, 1, 1_400, 7_000, 420, 280, 120, false));
    }
}
