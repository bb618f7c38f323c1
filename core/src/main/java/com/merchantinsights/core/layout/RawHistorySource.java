package com.merchantinsights.core.layout;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Where the complete raw events of an hour can be read at a given time (decision 0011). Raw rows expire
 * {@code retention} after their hour (decision 0009), so until then Cassandra holds the whole hour. Late rows
 * written near the end carry the minimum TTL and outlive the others by up to {@link RawEventLayout#MIN_TTL}: in
 * that band the hour is Cassandra's rows plus the archive's rows that Cassandra no longer has. After it, only the
 * archive has the hour.
 */
public enum RawHistorySource {
    CASSANDRA,
    CASSANDRA_AND_ARCHIVE,
    ARCHIVE;

    /** How long before the hour's expiry a reader stops trusting Cassandra alone: a read takes time, rows expire meanwhile. */
    public static final Duration EXPIRY_MARGIN = Duration.ofDays(1);

    public static RawHistorySource of(Instant eventHour, Instant now, Duration retention) {
        Objects.requireNonNull(eventHour, "eventHour");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(retention, "retention");
        Instant expiry = eventHour.plus(retention);
        if (now.isBefore(expiry.minus(EXPIRY_MARGIN))) {
            return CASSANDRA;
        }
        if (now.isBefore(expiry.plus(RawEventLayout.MIN_TTL).plus(EXPIRY_MARGIN))) {
            return CASSANDRA_AND_ARCHIVE;
        }
        return ARCHIVE;
    }

    public boolean readsCassandra() {
        return this != ARCHIVE;
    }

    public boolean readsArchive() {
        return this != CASSANDRA;
    }
}
