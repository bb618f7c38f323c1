package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StallDetectorTest {
    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");
    private final StallDetector detector = new StallDetector(Duration.ofMinutes(10), T0);

    @Test
    void aBusyQueryThatCompletesBatchesIsNeverStalled() {
        Object batch1 = new Object();
        Object batch2 = new Object();

        assertThat(detector.stalled(T0.plusSeconds(10), true, batch1)).isFalse();
        assertThat(detector.stalled(T0.plusSeconds(590), true, batch1)).isFalse();
        assertThat(detector.stalled(T0.plusSeconds(600), true, batch2)).isFalse();
        assertThat(detector.stalled(T0.plusSeconds(1190), true, batch2)).isFalse();
    }

    @Test
    void anIdleQueryIsNeverStalled() {
        assertThat(detector.stalled(T0.plusSeconds(3600), false, null)).isFalse();
    }

    @Test
    void aBatchBusyLongerThanTheTimeoutIsAStall() {
        Object batch = new Object();
        assertThat(detector.stalled(T0.plusSeconds(10), true, batch)).isFalse();

        assertThat(detector.stalled(T0.plusSeconds(600), true, batch)).isFalse();
        assertThat(detector.stalled(T0.plusSeconds(611), true, batch)).isTrue();
    }

    @Test
    void aFirstBatchThatNeverCompletesIsAStallCountedFromTheQueryStart() {
        detector.reset(T0.plusSeconds(100));

        assertThat(detector.stalled(T0.plusSeconds(650), true, null)).isFalse();
        assertThat(detector.stalled(T0.plusSeconds(701), true, null)).isTrue();
    }

    @Test
    void aLongBatchWhoseTasksKeepFinishingIsNotAStall() {
        Object batch = new Object();
        for (int minute = 1; minute <= 30; minute++) {
            assertThat(detector.stalled(T0.plusSeconds(60L * minute), true, java.util.Arrays.asList(batch, minute)))
                    .isFalse();
        }
        assertThat(detector.stalled(T0.plusSeconds(60L * 41), true, java.util.Arrays.asList(batch, 30)))
                .isTrue();
    }
}
