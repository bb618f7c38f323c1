package com.merchantinsights.etl.reprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.time.MerchantCalendar;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MerchantScopeTest {
    private static final MerchantCalendar KOLKATA = MerchantCalendar.mondayWeeks(ZoneId.of("Asia/Kolkata"));

    @Test
    void oneUtcHourReplacesTheWholeLocalDayItFallsInWithItsWeekAndMonth() {
        // 2026-11-24T20:00Z is 01:30 on Wednesday 25 November in Kolkata.
        MerchantScope scope = MerchantScope.of(
                "m_1", KOLKATA, Instant.parse("2026-11-24T20:00:00Z"), Instant.parse("2026-11-24T21:00:00Z"), false);

        assertThat(scope.firstDay()).isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(scope.lastDay()).isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(scope.baseStart()).isEqualTo(Instant.parse("2026-11-24T18:30:00Z"));
        assertThat(scope.baseEnd()).isEqualTo(Instant.parse("2026-11-25T18:30:00Z"));
        assertThat(scope.firstWeek()).isEqualTo(LocalDate.parse("2026-11-23")).isEqualTo(scope.lastWeek());
        assertThat(scope.firstMonth()).isEqualTo(LocalDate.parse("2026-11-01")).isEqualTo(scope.lastMonth());
        // The rollups read every day of November and of the week 23–29 November.
        assertThat(scope.rollupDaysStart()).isEqualTo(LocalDate.parse("2026-11-01"));
        assertThat(scope.rollupDaysEnd()).isEqualTo(LocalDate.parse("2026-12-01"));
    }

    @Test
    void aRangeEndingOnAMidnightDoesNotTouchTheNextDay() {
        MerchantScope scope = MerchantScope.of(
                "m_1",
                MerchantCalendar.mondayWeeks(ZoneId.of("UTC")),
                Instant.parse("2026-11-29T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"),
                false);

        assertThat(scope.lastDay()).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(scope.lastMonth()).isEqualTo(LocalDate.parse("2026-11-01"));
        assertThat(scope.firstWeek()).isEqualTo(LocalDate.parse("2026-11-23"));
        assertThat(scope.lastWeek()).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(scope.rollupDaysEnd()).isEqualTo(LocalDate.parse("2026-12-07"));
    }

    @Test
    void aDaylightSavingDayIsReplacedWithItsTwentyFiveHours() {
        MerchantCalendar newYork = new MerchantCalendar(ZoneId.of("America/New_York"), DayOfWeek.SUNDAY);
        MerchantScope scope = MerchantScope.of(
                "m_1", newYork, Instant.parse("2026-11-01T12:00:00Z"), Instant.parse("2026-11-01T13:00:00Z"), false);

        assertThat(java.time.Duration.between(scope.baseStart(), scope.baseEnd()))
                .hasHours(25);
        assertThat(scope.firstWeek()).isEqualTo(LocalDate.parse("2026-11-01"));
    }

    @Test
    void aCalendarChangeAlsoReplacesWeeksOfAnyOtherWeekStart() {
        MerchantScope scope = MerchantScope.of(
                "m_1", KOLKATA, Instant.parse("2026-11-04T00:00:00Z"), Instant.parse("2026-11-10T00:00:00Z"), true);

        // A Sunday-start week containing 4 November began on 1 November; a Monday-start one on 2 November.
        assertThat(scope.firstWeek()).isEqualTo(LocalDate.parse("2026-10-29"));
        assertThat(scope.firstWeek()).isBefore(LocalDate.parse("2026-11-01"));
    }

    /**
     * The case ReprocessIT met on a Saturday in Kolkata: history on Monday 30 November and Tuesday 1 December, weeks
     * moved from Monday to Sunday starts. The old Monday week of 30 November begins after the new calendar's last week
     * (Sunday 29 November) and must be replaced too.
     */
    @Test
    void aCalendarChangeReplacesAnOldWeekThatBeginsAfterTheNewCalendarsLastWeek() {
        MerchantCalendar sundays = new MerchantCalendar(ZoneId.of("Asia/Kolkata"), DayOfWeek.SUNDAY);
        MerchantScope scope = MerchantScope.of(
                "m_1", sundays, Instant.parse("2026-11-30T10:00:00Z"), Instant.parse("2026-11-30T21:00:00Z"), true);

        assertThat(scope.lastDay()).isEqualTo(LocalDate.parse("2026-12-01"));
        assertThat(scope.lastWeek()).isAfterOrEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(MerchantScope.of(
                                "m_1",
                                sundays,
                                Instant.parse("2026-11-30T10:00:00Z"),
                                Instant.parse("2026-11-30T21:00:00Z"),
                                false)
                        .lastWeek())
                .isEqualTo(LocalDate.parse("2026-11-29"));
    }

    @Test
    void anEmptyRangeIsRefused() {
        Instant at = Instant.parse("2026-11-04T00:00:00Z");
        assertThatThrownBy(() -> MerchantScope.of("m_1", KOLKATA, at, at, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
