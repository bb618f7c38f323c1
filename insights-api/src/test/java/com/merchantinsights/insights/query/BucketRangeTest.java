package com.merchantinsights.insights.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BucketRangeTest {
    @Test
    void newYorksAutumnChangeDayHas25HourBucketsAndSpringDay23() {
        MerchantCalendar newYork = MerchantCalendar.mondayWeeks(ZoneId.of("America/New_York"));
        LocalDate autumn = LocalDate.parse("2026-11-01");
        BucketRange range = new BucketRange(Grain.HOUR, newYork, autumn, autumn);
        assertThat(range.buckets()).hasSize(25);
        assertThat(range.label(range.buckets().get(1))).isEqualTo("2026-11-01T01:00-04:00");
        assertThat(range.label(range.buckets().get(2))).isEqualTo("2026-11-01T01:00-05:00");
        LocalDate spring = LocalDate.parse("2026-03-08");
        assertThat(new BucketRange(Grain.HOUR, newYork, spring, spring).buckets())
                .hasSize(23);
    }

    @Test
    void weeksStartingBeforeFromAreIncludedWholeOnTheMerchantsWeekStart() {
        MerchantCalendar sundays = new MerchantCalendar(ZoneId.of("Asia/Kolkata"), DayOfWeek.SUNDAY);
        BucketRange range =
                new BucketRange(Grain.WEEK, sundays, LocalDate.parse("2026-11-25"), LocalDate.parse("2026-12-08"));
        assertThat(range.buckets())
                .containsExactly(
                        LocalDate.parse("2026-11-22"), LocalDate.parse("2026-11-29"), LocalDate.parse("2026-12-06"));
        assertThat(range.readFrom()).isEqualTo(LocalDate.parse("2026-11-22"));
        assertThat(range.baseFrom()).isEqualTo(Instant.parse("2026-11-21T18:30:00Z"));
    }

    @Test
    void aWeeklyBreakdownReadsTheDaysOfEveryWeekWholeAndPutsEachInItsWeek() {
        MerchantCalendar sundays = new MerchantCalendar(ZoneId.of("Asia/Kolkata"), DayOfWeek.SUNDAY);
        BucketRange weeks =
                new BucketRange(Grain.WEEK, sundays, LocalDate.parse("2026-11-25"), LocalDate.parse("2026-12-08"));
        assertThat(weeks.readFrom()).isEqualTo(LocalDate.parse("2026-11-22"));
        assertThat(weeks.daysReadTo())
                .as("the last week whole, as its own row")
                .isEqualTo(LocalDate.parse("2026-12-13"));
        assertThat(weeks.bucketOf(LocalDate.parse("2026-11-28"))).isEqualTo(LocalDate.parse("2026-11-22"));
        assertThat(weeks.bucketOf(LocalDate.parse("2026-11-29"))).isEqualTo(LocalDate.parse("2026-11-29"));

        BucketRange months =
                new BucketRange(Grain.MONTH, sundays, LocalDate.parse("2026-11-25"), LocalDate.parse("2026-12-08"));
        assertThat(months.daysReadTo()).isEqualTo(LocalDate.parse("2027-01-01"));
        assertThat(months.bucketOf(LocalDate.parse("2026-12-31"))).isEqualTo(LocalDate.parse("2026-12-01"));
    }

    @Test
    void baseBucketsMapToTheOverrideZonesDays() {
        BucketRange utc = new BucketRange(
                Grain.DAY,
                MerchantCalendar.mondayWeeks(ZoneId.of("UTC")),
                LocalDate.parse("2026-11-24"),
                LocalDate.parse("2026-11-25"));
        assertThat(utc.bucketOf(Instant.parse("2026-11-24T23:45:00Z"))).isEqualTo(LocalDate.parse("2026-11-24"));
        BucketRange kolkata = new BucketRange(
                Grain.DAY,
                MerchantCalendar.mondayWeeks(ZoneId.of("Asia/Kolkata")),
                LocalDate.parse("2026-11-24"),
                LocalDate.parse("2026-11-25"));
        assertThat(kolkata.bucketOf(Instant.parse("2026-11-24T23:45:00Z"))).isEqualTo(LocalDate.parse("2026-11-25"));
    }

    /** Decision 0029: a breakdown in another zone is answered from the merchant's hour rows where they tile its buckets. */
    @Test
    void anotherZonesBucketsAreMadeOfTheMerchantsHoursOnlyWhereTheOffsetsLineUp() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        LocalDate from = LocalDate.parse("2026-11-25");
        LocalDate to = LocalDate.parse("2026-12-08");
        MerchantCalendar utc = MerchantCalendar.mondayWeeks(ZoneId.of("UTC"));
        MerchantCalendar own = MerchantCalendar.mondayWeeks(kolkata);
        // A Kolkata hour runs from :30 to :30 UTC: it straddles every UTC day and hour boundary.
        assertThat(new BucketRange(Grain.DAY, utc, from, to).madeOfHoursOf(own)).isFalse();
        assertThat(new BucketRange(Grain.HOUR, utc, from, to).madeOfHoursOf(own))
                .isFalse();
        // Colombo keeps +05:30 as Kolkata does; Dubai (+04:00) does not line up.
        MerchantCalendar colombo = MerchantCalendar.mondayWeeks(ZoneId.of("Asia/Colombo"));
        assertThat(new BucketRange(Grain.DAY, colombo, from, to).madeOfHoursOf(own))
                .isTrue();
        assertThat(new BucketRange(Grain.MONTH, colombo, from, to).madeOfHoursOf(own))
                .isTrue();
        MerchantCalendar dubai = MerchantCalendar.mondayWeeks(ZoneId.of("Asia/Dubai"));
        assertThat(new BucketRange(Grain.DAY, dubai, from, to).madeOfHoursOf(own))
                .isFalse();
        // A UTC merchant asked in London time, across London's autumn change: whole hours everywhere.
        MerchantCalendar london = MerchantCalendar.mondayWeeks(ZoneId.of("Europe/London"));
        LocalDate autumn = LocalDate.parse("2026-10-25");
        assertThat(new BucketRange(Grain.DAY, london, autumn.minusDays(2), autumn.plusDays(2)).madeOfHoursOf(utc))
                .isTrue();
        assertThat(new BucketRange(Grain.HOUR, london, autumn, autumn).madeOfHoursOf(utc))
                .isTrue();
        // But a Kolkata merchant in London time is off by half an hour, in summer and in winter.
        assertThat(new BucketRange(Grain.DAY, london, autumn.minusDays(2), autumn.plusDays(2)).madeOfHoursOf(own))
                .isFalse();
        // Lord Howe is +11:00 in summer and +10:30 in winter: a year from summer to summer lines up with UTC hours at
        // both ends, not in the winter between.
        MerchantCalendar lordHowe = MerchantCalendar.mondayWeeks(ZoneId.of("Australia/Lord_Howe"));
        BucketRange year =
                new BucketRange(Grain.DAY, lordHowe, LocalDate.parse("2025-12-01"), LocalDate.parse("2026-12-01"));
        assertThat(year.madeOfHoursOf(utc)).isFalse();
        assertThat(new BucketRange(Grain.DAY, lordHowe, LocalDate.parse("2025-12-01"), LocalDate.parse("2025-12-31"))
                        .madeOfHoursOf(utc))
                .isTrue();
    }
}
