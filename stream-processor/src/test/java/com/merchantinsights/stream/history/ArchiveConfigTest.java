package com.merchantinsights.stream.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArchiveConfigTest {
    private static final ArchiveConfig CONFIG =
            new ArchiveConfig("file:///var/archive", Duration.ofDays(90), Duration.ofMinutes(10));
    private static final Instant HOUR = Instant.parse("2026-11-24T13:00:00Z");

    @Test
    void anHourIsArchivedOnlyOnceItHasEndedAndSettled() {
        assertThat(CONFIG.settled(HOUR, Instant.parse("2026-11-24T13:59:00Z")))
                .as("still open")
                .isFalse();
        assertThat(CONFIG.settled(HOUR, Instant.parse("2026-11-24T14:09:59Z")))
                .as("ended, settling")
                .isFalse();
        assertThat(CONFIG.settled(HOUR, Instant.parse("2026-11-24T14:10:00Z"))).isTrue();
        assertThat(CONFIG.settled(HOUR.minus(Duration.ofDays(30)), Instant.parse("2026-11-24T14:00:00Z")))
                .as("an old hour re-marked by a late event")
                .isTrue();
    }

    @Test
    void refusesABlankRootANegativeSettleAndARetentionUnderADay() {
        assertThatThrownBy(() -> new ArchiveConfig(" ", Duration.ofDays(90), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveConfig("file:///a", Duration.ofDays(90), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveConfig("file:///a", Duration.ofHours(3), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
