package com.merchantinsights.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.time.LocalDayBucket;
import com.merchantinsights.core.time.QuarterHour;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LocalDayBucketTest {
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    @Test
    void anIndianDayStartsAtHalfPastSixPmUtcTheDayBefore() {
        LocalDayBucket day = new LocalDayBucket(LocalDate.parse("2026-11-25"), KOLKATA);
        assertThat(day.startUtc()).isEqualTo(Instant.parse("2026-11-24T18:30:00Z"));
        assertThat(day.endUtc()).isEqualTo(Instant.parse("2026-11-25T18:30:00Z"));
        assertThat(LocalDayBucket.containing(Instant.parse("2026-11-24T19:00:00Z"), KOLKATA).day())
                .isEqualTo(LocalDate.parse("2026-11-25"));
    }

    @Test
    void newYorkHasA23HourAndA25HourDay() {
        ZoneId newYork = ZoneId.of("America/New_York");
        LocalDayBucket spring = new LocalDayBucket(LocalDate.parse("2026-03-08"), newYork);
        LocalDayBucket autumn = new LocalDayBucket(LocalDate.parse("2026-11-01"), newYork);
        assertThat(Duration.between(spring.startUtc(), spring.endUtc())).isEqualTo(Duration.ofHours(23));
        assertThat(Duration.between(autumn.startUtc(), autumn.endUtc())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void lordHoweShiftsByHalfAnHour() {
        LocalDayBucket day = new LocalDayBucket(LocalDate.parse("2026-10-04"), ZoneId.of("Australia/Lord_Howe"));
        assertThat(Duration.between(day.startUtc(), day.endUtc())).isEqualTo(Duration.ofMinutes(23 * 60 + 30));
    }

    @Test
    void everyLocalDayBoundaryFallsOnAQuarterHour() {
        for (String zone : new String[] {"Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "America/St_Johns"}) {
            Instant start = new LocalDayBucket(LocalDate.parse("2026-11-25"), ZoneId.of(zone)).startUtc();
            assertThat(QuarterHour.containing(start).start()).as(zone).isEqualTo(start);
        }
    }
}
