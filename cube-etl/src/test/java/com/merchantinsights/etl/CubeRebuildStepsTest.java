package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decision 0029: reprocessing reads whole local days in steps, each step every hour its days cover in every zone. */
class CubeRebuildStepsTest {
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Asia/Kolkata"), ZoneId.of("America/Los_Angeles"));

    @Test
    void stepsCoverEveryLocalDayOfTheRangeOnceAndReadTheHoursOfTheirDaysInEveryZone() {
        Instant from = Instant.parse("2026-12-01T00:00:00Z");
        Instant to = Instant.parse("2026-12-04T00:00:00Z");
        List<CubeGrains.LocalDayRange> steps = CubeRebuild.steps(ZONES, from, to);
        // Los Angeles is on the 30th of November at 00:00 UTC on the 1st; Kolkata is on the 4th just before 00:00 UTC
        // on the 4th.
        assertThat(steps)
                .containsExactly(
                        new CubeGrains.LocalDayRange(LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-01")),
                        new CubeGrains.LocalDayRange(LocalDate.parse("2026-12-02"), LocalDate.parse("2026-12-03")),
                        new CubeGrains.LocalDayRange(LocalDate.parse("2026-12-04"), LocalDate.parse("2026-12-04")));
        assertThat(CubeRebuild.DAYS_PER_STEP).isEqualTo(2);
        List<Instant> hours = CubeRebuild.hoursOfDays(ZONES, steps.get(1));
        // From Kolkata's 2nd (18:00 UTC on the 1st, the hour holding 18:30) to Los Angeles' 3rd (08:00 UTC on the 4th).
        assertThat(hours.get(0)).isEqualTo(Instant.parse("2026-12-01T18:00:00Z"));
        assertThat(hours.get(hours.size() - 1)).isEqualTo(Instant.parse("2026-12-04T07:00:00Z"));
        assertThat(hours).hasSize(6 + 48 + 8);
    }
}
