package com.merchantinsights.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MerchantCalendarTest {
    private static final MerchantCalendar KOLKATA = MerchantCalendar.mondayWeeks(ZoneId.of("Asia/Kolkata"));
    private static final MerchantCalendar KATHMANDU = MerchantCalendar.mondayWeeks(ZoneId.of("Asia/Kathmandu"));
    private static final MerchantCalendar NEW_YORK = MerchantCalendar.mondayWeeks(ZoneId.of("America/New_York"));
    private static final MerchantCalendar LORD_HOWE = MerchantCalendar.mondayWeeks(ZoneId.of("Australia/Lord_Howe"));
    private static final MerchantCalendar CHATHAM = MerchantCalendar.mondayWeeks(ZoneId.of("Pacific/Chatham"));

    @Test
    void anIndianHourStartsAtHalfPastTheUtcHour() {
        Instant start = KOLKATA.hourStart(Instant.parse("2026-11-24T05:10:00Z"));
        assertThat(start).isEqualTo(Instant.parse("2026-11-24T04:30:00Z"));
        assertThat(KOLKATA.hourEnd(start)).isEqualTo(Instant.parse("2026-11-24T05:30:00Z"));
    }

    @Test
    void aNepaleseHourStartsAtQuarterPast() {
        assertThat(KATHMANDU.hourStart(Instant.parse("2026-11-24T05:10:00Z")))
                .isEqualTo(Instant.parse("2026-11-24T04:15:00Z"));
        assertThat(KATHMANDU.day(Instant.parse("2026-11-24T18:14:59Z"))).isEqualTo(LocalDate.parse("2026-11-24"));
        assertThat(KATHMANDU.day(Instant.parse("2026-11-24T18:15:00Z"))).isEqualTo(LocalDate.parse("2026-11-25"));
    }

    @Test
    void newYorksRepeatedHourIsTwoBucketsWhenClocksGoBack() {
        // 2026-11-01 01:30 EDT is 05:30Z; 01:30 EST is 06:30Z.
        Instant first = NEW_YORK.hourStart(Instant.parse("2026-11-01T05:30:00Z"));
        Instant second = NEW_YORK.hourStart(Instant.parse("2026-11-01T06:30:00Z"));
        assertThat(first).isEqualTo(Instant.parse("2026-11-01T05:00:00Z"));
        assertThat(second).isEqualTo(Instant.parse("2026-11-01T06:00:00Z"));
        assertThat(NEW_YORK.hourEnd(first)).isEqualTo(second);
        assertThat(Duration.between(
                        NEW_YORK.dayStart(LocalDate.parse("2026-11-01")),
                        NEW_YORK.dayEnd(LocalDate.parse("2026-11-01"))))
                .isEqualTo(Duration.ofHours(25));
    }

    @Test
    void newYorksMissingHourHasNoBucketWhenClocksGoForward() {
        // 2026-03-08 02:00 EST becomes 03:00 EDT at 07:00Z.
        Instant before = NEW_YORK.hourStart(Instant.parse("2026-03-08T06:59:00Z"));
        assertThat(NEW_YORK.hourEnd(before)).isEqualTo(Instant.parse("2026-03-08T07:00:00Z"));
        assertThat(NEW_YORK.hourStart(Instant.parse("2026-03-08T07:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-08T07:00:00Z"));
    }

    @Test
    void lordHowesHalfHourShiftsMakeHalfHourBucketsOfTheirOwn() {
        // 2026-04-05 02:00 +11 becomes 01:30 +10:30 (15:00Z): the hour 01 at +11 is whole, the repeated half hour
        // 01:30-02:00 at +10:30 is a bucket of its own.
        Instant autumn = LORD_HOWE.hourStart(Instant.parse("2026-04-04T14:45:00Z"));
        assertThat(autumn).isEqualTo(Instant.parse("2026-04-04T14:00:00Z"));
        assertThat(Duration.between(autumn, LORD_HOWE.hourEnd(autumn))).isEqualTo(Duration.ofMinutes(60));
        Instant repeated = LORD_HOWE.hourStart(Instant.parse("2026-04-04T15:15:00Z"));
        assertThat(repeated).isEqualTo(Instant.parse("2026-04-04T15:00:00Z"));
        assertThat(Duration.between(repeated, LORD_HOWE.hourEnd(repeated))).isEqualTo(Duration.ofMinutes(30));
        // 2026-10-04 02:00 +10:30 becomes 02:30 +11 (15:30Z): the local hour 02:00 lasts 30 minutes.
        Instant spring = LORD_HOWE.hourStart(Instant.parse("2026-10-03T15:40:00Z"));
        assertThat(spring).isEqualTo(Instant.parse("2026-10-03T15:30:00Z"));
        assertThat(Duration.between(spring, LORD_HOWE.hourEnd(spring))).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void anHourThatBeginsInsideADstGapIsItsOwnBucketFromTheGapsEnd() {
        // 2026-09-27 02:45 +12:45 becomes 03:45 +13:45 (14:00Z): local 03:45-04:00 is the 15-minute hour 03.
        Instant gapEnd = Instant.parse("2026-09-26T14:00:00Z");
        assertThat(CHATHAM.hourStart(gapEnd)).isEqualTo(gapEnd);
        assertThat(CHATHAM.hourStart(Instant.parse("2026-09-26T14:10:00Z"))).isEqualTo(gapEnd);
        assertThat(CHATHAM.hourEnd(gapEnd)).isEqualTo(Instant.parse("2026-09-26T14:15:00Z"));
        // Local 02:00-02:45 (+12:45) before it is 45 minutes; local 04:00 (+13:45) after it a whole hour.
        Instant before = CHATHAM.hourStart(Instant.parse("2026-09-26T13:59:00Z"));
        assertThat(before).isEqualTo(Instant.parse("2026-09-26T13:15:00Z"));
        assertThat(CHATHAM.hourEnd(before)).isEqualTo(gapEnd);
        assertThat(CHATHAM.hourStart(Instant.parse("2026-09-26T14:15:00Z")))
                .isEqualTo(Instant.parse("2026-09-26T14:15:00Z"));
    }

    @Test
    void chathamsRepeatedQuarterHourAfterClocksGoBackIsABucketOfItsOwn() {
        // 2026-04-05 03:45 +13:45 becomes 02:45 +12:45 (14:00Z): 02:45-03:00 at +12:45 exists only in part.
        Instant repeated = CHATHAM.hourStart(Instant.parse("2026-04-04T14:05:00Z"));
        assertThat(repeated).isEqualTo(Instant.parse("2026-04-04T14:00:00Z"));
        assertThat(CHATHAM.hourEnd(repeated)).isEqualTo(Instant.parse("2026-04-04T14:15:00Z"));
        assertThat(CHATHAM.hourStart(Instant.parse("2026-04-04T13:50:00Z")))
                .isEqualTo(Instant.parse("2026-04-04T13:15:00Z"));
    }

    @Test
    void everyQuarterHourOfAYearFallsInExactlyOneHourOfItsDay() {
        for (MerchantCalendar calendar : new MerchantCalendar[] {KOLKATA, KATHMANDU, NEW_YORK, LORD_HOWE, CHATHAM}) {
            for (Instant q = Instant.parse("2026-01-01T00:00:00Z");
                    q.isBefore(Instant.parse("2027-01-01T00:00:00Z"));
                    q = q.plus(Duration.ofMinutes(15))) {
                Instant hour = calendar.hourStart(q);
                assertThat(hour).as("hour of %s in %s", q, calendar.zone()).isBeforeOrEqualTo(q);
                assertThat(calendar.hourStart(hour))
                        .as("an hour's start is in that hour")
                        .isEqualTo(hour);
                assertThat(calendar.hourEnd(hour)).isAfter(q);
                assertThat(calendar.day(hour))
                        .as("hour of %s in %s", q, calendar.zone())
                        .isEqualTo(calendar.day(q));
            }
        }
    }

    @Test
    void weeksStartOnTheMerchantsDay() {
        MerchantCalendar sunday = new MerchantCalendar(ZoneId.of("America/New_York"), DayOfWeek.SUNDAY);
        LocalDate wednesday = LocalDate.parse("2026-11-25");
        assertThat(sunday.dateBucket(Grain.WEEK, wednesday)).isEqualTo(LocalDate.parse("2026-11-22"));
        assertThat(NEW_YORK.dateBucket(Grain.WEEK, wednesday)).isEqualTo(LocalDate.parse("2026-11-23"));
        assertThat(sunday.dateBucket(Grain.WEEK, LocalDate.parse("2026-11-22")))
                .isEqualTo(LocalDate.parse("2026-11-22"));
        assertThat(KOLKATA.dateBucket(Grain.MONTH, wednesday)).isEqualTo(LocalDate.parse("2026-11-01"));
        assertThat(MerchantCalendar.dateBucketEnd(Grain.MONTH, LocalDate.parse("2026-02-01")))
                .isEqualTo(LocalDate.parse("2026-03-01"));
    }
}
