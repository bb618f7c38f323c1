package com.merchantinsights.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MarkClockTest {
    @Test
    void neverHandsOutTheSameMillisecondTwice() {
        Instant now = Instant.parse("2026-11-24T05:00:00Z");
        MarkClock marks = new MarkClock(Clock.fixed(now, ZoneOffset.UTC));

        assertThat(marks.next()).isEqualTo(now);
        assertThat(marks.next()).isEqualTo(now.plusMillis(1));
        assertThat(marks.next()).isEqualTo(now.plusMillis(2));
    }
}
