package com.merchantinsights.core.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A calendar day in a merchant's own time zone, with its exact UTC extent: 24 hours most days, 23 or 25 on
 * DST changes, 23.5 or 24.5 at Lord Howe. All zone arithmetic happens here, in the JVM, never in SQL.
 */
public record LocalDayBucket(LocalDate day, ZoneId zone) {
    public LocalDayBucket {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(zone, "zone");
    }

    public static LocalDayBucket containing(Instant instant, ZoneId zone) {
        return new LocalDayBucket(LocalDate.ofInstant(instant, zone), zone);
    }

    /** First instant of the day (atStartOfDay handles zones whose midnight falls in a DST gap). */
    public Instant startUtc() {
        return day.atStartOfDay(zone).toInstant();
    }

    public Instant endUtc() {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
