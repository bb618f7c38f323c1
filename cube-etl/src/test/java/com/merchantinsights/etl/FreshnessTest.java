package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreshnessTest {
    private static final Instant NOW = Instant.parse("2026-11-24T06:00:00Z");
    private static final Instant HOUR_4 = Instant.parse("2026-11-24T04:00:00Z");
    private static final Instant HOUR_5 = Instant.parse("2026-11-24T05:00:00Z");

    @Test
    void isCompleteThroughNowWhenNothingIsLeft() {
        assertThat(Freshness.after(List.of(), List.of(), NOW)).isEqualTo(new Freshness(NOW, NOW, 0));
    }

    @Test
    void stopsAtTheOldestHourLeftInTheFeedOrRequested() {
        assertThat(Freshness.after(List.of(HOUR_5, HOUR_4), List.of(), NOW)).isEqualTo(new Freshness(NOW, HOUR_4, 2));
        assertThat(Freshness.after(List.of(HOUR_5), List.of(HOUR_4, HOUR_5), NOW))
                .isEqualTo(new Freshness(NOW, HOUR_4, 2));
    }

    @Test
    void anHourAheadOfNowLeavesTheCubesCompleteThroughNow() {
        Instant ahead = Instant.parse("2026-11-24T06:00:00Z").plusSeconds(3_600);

        assertThat(Freshness.after(List.of(ahead), List.of(), NOW)).isEqualTo(new Freshness(NOW, NOW, 1));
    }
}
