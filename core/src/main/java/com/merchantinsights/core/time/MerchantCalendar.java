package com.merchantinsights.core.time;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;

/**
 * A merchant's calendar: the IANA zone its hours, days, weeks and months are cut in, and the day its weeks start.
 * All zone arithmetic of the cubes happens here, in the JVM (one tz database), never in SQL.
 *
 * <p>A local hour is the set of instants whose local time truncates to the same wall-clock hour at the same offset.
 * Most are 60 minutes; when clocks go back an hour (New York) the repeated wall-clock hour is two buckets, and when
 * they go back half an hour (Lord Howe) the repeated half hour is a 30-minute bucket of its own; an hour that begins
 * inside a DST gap (Lord Howe's 02 after 02:00 → 02:30, Chatham's 03 after 02:45 → 03:45) lasts from the gap's end to
 * the next hour. Each bucket is identified by its first instant. Every current UTC offset and transition is on a
 * quarter hour, so every bucket of every grain is a whole number of {@link QuarterHour}s.
 */
public record MerchantCalendar(ZoneId zone, DayOfWeek weekStart) {
    public MerchantCalendar {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(weekStart, "weekStart");
    }

    public static MerchantCalendar mondayWeeks(ZoneId zone) {
        return new MerchantCalendar(zone, DayOfWeek.MONDAY);
    }

    /**
     * First instant of the local hour that contains {@code instant}: the instant the wall clock showed the hour at the
     * same offset, or, when the zone was at another offset then (the hour began in a DST gap, or it is the repeated part
     * of an hour after clocks went back), the transition: a local hour that exists only in part is its own bucket,
     * starting at its first instant.
     */
    public Instant hourStart(Instant instant) {
        ZonedDateTime local = ZonedDateTime.ofInstant(instant, zone);
        ZoneOffset offset = local.getOffset();
        Instant wallHourStart =
                local.toLocalDateTime().truncatedTo(ChronoUnit.HOURS).toInstant(offset);
        if (zone.getRules().getOffset(wallHourStart).equals(offset)) {
            return wallHourStart;
        }
        ZoneOffsetTransition transition = zone.getRules().previousTransition(instant.plusNanos(1));
        return transition.getInstant();
    }

    /** End (exclusive) of the local hour that starts at {@code hourStart}: the next quarter hour of another hour. */
    public Instant hourEnd(Instant hourStart) {
        Instant quarter = QuarterHour.containing(hourStart).end();
        while (hourStart(quarter).equals(hourStart)) {
            quarter = quarter.plus(QuarterHour.LENGTH);
        }
        return quarter;
    }

    public LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    /** First instant of a local day (atStartOfDay handles zones whose midnight falls in a DST gap). */
    public Instant dayStart(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    public Instant dayEnd(LocalDate day) {
        return dayStart(day.plusDays(1));
    }

    /** The first day of the merchant's week that contains {@code day}. */
    public LocalDate weekOf(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(weekStart));
    }

    public LocalDate monthOf(LocalDate day) {
        return day.withDayOfMonth(1);
    }

    /** The first day of the bucket of {@code grain} (day, week or month) that contains {@code day}. */
    public LocalDate dateBucket(Grain grain, LocalDate day) {
        return switch (grain) {
            case DAY -> day;
            case WEEK -> weekOf(day);
            case MONTH -> monthOf(day);
            case QUARTER_HOUR, HOUR -> throw new IllegalArgumentException(grain + " is not a date grain");
        };
    }

    /** The day after the last day of the date bucket of {@code grain} starting on {@code first}. */
    public static LocalDate dateBucketEnd(Grain grain, LocalDate first) {
        return switch (grain) {
            case DAY -> first.plusDays(1);
            case WEEK -> first.plusWeeks(1);
            case MONTH -> first.plusMonths(1);
            case QUARTER_HOUR, HOUR -> throw new IllegalArgumentException(grain + " is not a date grain");
        };
    }
}
