package com.merchantinsights.etl.reprocess;

import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The buckets a reprocess run replaces for one merchant, in the merchant's calendar: every local day that the range
 * touches, whole (so its hours and its day row are rebuilt from complete base rows), and every week and month that
 * contains one of those days. The 15-minute and hour rows of the replaced days are the instants
 * [{@code baseStart}, {@code baseEnd}).
 */
public record MerchantScope(
        String merchantId,
        Instant baseStart,
        Instant baseEnd,
        LocalDate firstDay,
        LocalDate lastDay,
        LocalDate firstWeek,
        LocalDate lastWeek,
        LocalDate firstMonth,
        LocalDate lastMonth) {
    /** A week bucket starts at most this many days before the first day it contains, whatever the week start. */
    private static final int LONGEST_WEEK_LEAD = 6;

    public MerchantScope {
        Objects.requireNonNull(merchantId, "merchantId");
        if (!baseStart.isBefore(baseEnd)
                || lastDay.isBefore(firstDay)
                || lastWeek.isBefore(firstWeek)
                || lastMonth.isBefore(firstMonth)) {
            throw new IllegalArgumentException("empty scope for " + merchantId);
        }
    }

    /**
     * @param from first instant of the range (inclusive)
     * @param to   end of the range (exclusive)
     * @param anyWeekStart true for a calendar change: week rows of any week start inside the days are replaced, so
     *                     that weeks of the previous week start leave no rows behind
     */
    public static MerchantScope of(
            String merchantId, MerchantCalendar calendar, Instant from, Instant to, boolean anyWeekStart) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("empty range: " + from + " .. " + to);
        }
        LocalDate first = calendar.day(from);
        LocalDate last = calendar.day(to.minusNanos(1));
        LocalDate firstWeek = anyWeekStart ? first.minusDays(LONGEST_WEEK_LEAD) : calendar.weekOf(first);
        // A week of another start that holds the last day may begin after this calendar's last week does (a Monday
        // week begins the day after a Sunday one): up to the last day itself.
        LocalDate lastWeek = anyWeekStart ? last : calendar.weekOf(last);
        return new MerchantScope(
                merchantId,
                calendar.dayStart(first),
                calendar.dayEnd(last),
                first,
                last,
                firstWeek,
                lastWeek,
                calendar.monthOf(first),
                calendar.monthOf(last));
    }

    /**
     * The days whose rows the week and month rollups read: from the first day of the first touched week or month to
     * the last day of the last one (exclusive end).
     */
    public LocalDate rollupDaysStart() {
        return firstWeek.isBefore(firstMonth) ? firstWeek : firstMonth;
    }

    public LocalDate rollupDaysEnd() {
        LocalDate weeks = MerchantCalendar.dateBucketEnd(Grain.WEEK, lastWeek);
        LocalDate months = MerchantCalendar.dateBucketEnd(Grain.MONTH, lastMonth);
        return weeks.isAfter(months) ? weeks : months;
    }
}
