package com.merchantinsights.stream.history;

import com.merchantinsights.core.layout.RawEventLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the archiver needs.
 *
 * @param rootUrl   archive root, any Hadoop-compatible URL ({@code file:/var/archive}, {@code s3a://bucket/raw})
 * @param retention the raw store's retention (decides where an hour's rows are, {@code RawHistorySource})
 * @param settle    how long after an hour ends it is first archived: the stream is still writing an open hour, and
 *                  archiving it every few minutes would rewrite it for nothing (late events re-mark it anyway)
 */
public record ArchiveConfig(String rootUrl, Duration retention, Duration settle) {
    public static final Duration DEFAULT_SETTLE = Duration.ofMinutes(10);

    public ArchiveConfig {
        Objects.requireNonNull(rootUrl, "rootUrl");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(settle, "settle");
        if (rootUrl.isBlank()) {
            throw new IllegalArgumentException("rootUrl must not be blank");
        }
        if (retention.compareTo(RawEventLayout.MIN_TTL) < 0) {
            throw new IllegalArgumentException(
                    "retention must be at least " + RawEventLayout.MIN_TTL + ": " + retention);
        }
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle must not be negative: " + settle);
        }
    }

    /** Whether the hour starting at {@code eventHour} ended at least {@link #settle} before {@code now}. */
    public boolean settled(Instant eventHour, Instant now) {
        return !eventHour.plus(Duration.ofHours(1)).plus(settle).isAfter(now);
    }
}
