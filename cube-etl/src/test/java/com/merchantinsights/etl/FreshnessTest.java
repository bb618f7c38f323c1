package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreshnessTest {
    private static final Instant NOW = Instant.parse("2026-11-24T06:00:00Z");
    private static final DirtyMark HOUR_4 = mark("2026-11-24T04:00:00Z", "m-1", "2026-11-24T05:00:00Z");
    private static final DirtyMark HOUR_5 = mark("2026-11-24T05:00:00Z", "m-1", "2026-11-24T05:00:00Z");

    @Test
    void isCompleteThroughNowWhenEveryMarkWasRebuilt() {
        Freshness freshness = Freshness.after(List.of(HOUR_4, HOUR_5), List.of(HOUR_4, HOUR_5), NOW);

        assertThat(freshness).isEqualTo(new Freshness(NOW, NOW, 0));
    }

    @Test
    void stopsAtTheOldestHourMarkedAgainOrNewlyDuringTheRun() {
        DirtyMark remarked = mark("2026-11-24T04:00:00Z", "m-1", "2026-11-24T05:30:00Z");
        DirtyMark fresh = mark("2026-11-24T05:00:00Z", "m-2", "2026-11-24T05:30:00Z");

        Freshness freshness = Freshness.after(List.of(HOUR_4, HOUR_5), List.of(remarked, HOUR_5, fresh), NOW);

        assertThat(freshness).isEqualTo(new Freshness(NOW, Instant.parse("2026-11-24T04:00:00Z"), 2));
    }

    private static DirtyMark mark(String hour, String merchant, String markedAt) {
        return new DirtyMark(Instant.parse(hour), merchant, Instant.parse(markedAt));
    }
}
