package com.merchantinsights.etl;

import com.merchantinsights.core.time.LocalDayBucket;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One (merchant, local day) of {@code cube_day} to recompute from the base grain. The day's UTC extent comes
 * from {@link LocalDayBucket} in the JVM; the SQL only sums the base rows of that range.
 */
record DayRefresh(String merchantId, LocalDayBucket day) {
    static final String DELETE_SQL = "DELETE FROM cube_day WHERE merchant_id = ? AND local_day = ?";
    static final String INSERT_SQL = """
            INSERT INTO cube_day (merchant_id, local_day, time_zone, event_type, event_count)
            SELECT merchant_id, ?, ?, event_type, sum(event_count) FROM cube_base_15m
            WHERE merchant_id = ? AND bucket_start >= ? AND bucket_start < ?
            GROUP BY merchant_id, event_type""";

    private static final Comparator<DayRefresh> ORDER =
            Comparator.comparing(DayRefresh::merchantId).thenComparing(r -> r.day().day());

    DayRefresh {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(day, "day");
    }

    /**
     * The local days the changed buckets fall in. Every current UTC offset is a multiple of 15 minutes, so each
     * base bucket lies in exactly one local day; one UTC hour can touch two (18:00Z in Kolkata).
     */
    static List<DayRefresh> touchedBy(Collection<MerchantBucket> buckets, ZoneId zone) {
        return buckets.stream()
                .map(b -> new DayRefresh(b.merchantId(), LocalDayBucket.containing(b.bucketStart(), zone)))
                .distinct()
                .sorted(ORDER)
                .toList();
    }

    List<Object> deleteParameters() {
        return List.of(merchantId, day.day());
    }

    List<Object> insertParameters() {
        return List.of(day.day(), day.zone().getId(), merchantId, utc(day.startUtc()), utc(day.endUtc()));
    }

    /** timestamptz parameters as UTC offsets: the value never depends on the JVM's or the session's zone. */
    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
