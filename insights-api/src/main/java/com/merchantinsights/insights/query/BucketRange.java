package com.merchantinsights.insights.query;

import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The buckets of a granularity that cover the local days {@code from}..{@code to} (inclusive) in a calendar: every one
 * of them is answered, empty ones with zero. Hours are identified by their first instant, the date grains by their
 * first day; a week or month that starts before {@code from} is included whole.
 */
record BucketRange(Grain grain, MerchantCalendar calendar, LocalDate from, LocalDate to) {
    /** All buckets, in order. */
    List<Object> buckets() {
        List<Object> buckets = new ArrayList<>();
        switch (grain) {
            case HOUR -> {
                Instant end = calendar.dayEnd(to);
                for (Instant h = calendar.hourStart(calendar.dayStart(from));
                        h.isBefore(end);
                        h = calendar.hourEnd(h)) {
                    buckets.add(h);
                }
            }
            case DAY, WEEK, MONTH -> {
                for (LocalDate d = calendar.dateBucket(grain, from);
                        !d.isAfter(to);
                        d = MerchantCalendar.dateBucketEnd(grain, d)) {
                    buckets.add(d);
                }
            }
            default -> throw new IllegalArgumentException("not an answer granularity: " + grain);
        }
        return buckets;
    }

    /** First key to read from the grain's own table (inclusive). */
    Object readFrom() {
        return grain == Grain.HOUR ? calendar.dayStart(from) : calendar.dateBucket(grain, from);
    }

    /** End key (exclusive) for the grain's own table. */
    Object readTo() {
        return grain == Grain.HOUR ? calendar.dayEnd(to) : to.plusDays(1);
    }

    /** The UTC extent of all buckets, for reading the 15-minute base under a time-zone override. */
    Instant baseFrom() {
        return grain == Grain.HOUR ? calendar.dayStart(from) : calendar.dayStart(calendar.dateBucket(grain, from));
    }

    Instant baseTo() {
        return calendar.dayEnd(to);
    }

    /** The bucket of this range's grain that a 15-minute base bucket falls in. */
    Object bucketOf(Instant quarterHour) {
        if (grain == Grain.HOUR) {
            return calendar.hourStart(quarterHour);
        }
        return calendar.dateBucket(grain, calendar.day(quarterHour));
    }

    /**
     * Whether the merchant's own local hours ({@code own}) tile this range: every one of them that overlaps
     * [{@link #baseFrom}, {@link #baseTo}) lies inside it and inside one bucket. Then the hour rows, which keep every
     * cuboid, answer a breakdown in this range's calendar exactly (decision 0029); otherwise only the 15-minute totals
     * can.
     */
    boolean madeOfHoursOf(MerchantCalendar own) {
        Instant from = baseFrom();
        Instant to = baseTo();
        for (Instant h = own.hourStart(from); h.isBefore(to); h = own.hourEnd(h)) {
            Instant end = own.hourEnd(h);
            if (h.isBefore(from) || end.isAfter(to) || !bucketOf(h).equals(bucketOf(end.minusNanos(1)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * End (exclusive) of the day rows that make up this range's weeks or months, read in place of a week or month
     * table that holds the totals only: the end of the last period, whole as the period's own row would be.
     */
    LocalDate daysReadTo() {
        return MerchantCalendar.dateBucketEnd(grain, calendar.dateBucket(grain, to));
    }

    /** The week or month of this range's grain that a local day falls in. */
    LocalDate bucketOf(LocalDate day) {
        return calendar.dateBucket(grain, day);
    }

    /** How the API writes a bucket: a local date-time with offset for hours, a date otherwise. */
    String label(Object bucket) {
        if (bucket instanceof Instant instant) {
            return ZonedDateTime.ofInstant(instant, calendar.zone())
                    .toOffsetDateTime()
                    .toString();
        }
        return bucket.toString();
    }
}
