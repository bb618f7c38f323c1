package com.merchantinsights.reconcile;

import com.merchantinsights.core.layout.RawHistorySource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Which hours each check can compare at {@code now}.
 *
 * @param settle              how long after its end an hour is left alone: the stream and the next ETL run catch up
 * @param topicCompleteSince  the events topic holds every record Kafka stamped since this instant ({@link Instant#MIN}
 *                            when it never deleted any)
 * @param futureTolerance     how far ahead of its arrival an event's occurred_at may be (the edge's rule): the records of
 *                            an hour arrive from this long before it
 * @param rawRetention        how long Cassandra keeps raw rows after their hour (the driver's {@code --raw-retention})
 * @param baseRetention       how long the cube keeps its 15-minute base buckets
 */
public record ReconciliationWindow(
        Instant now,
        Duration settle,
        Instant topicCompleteSince,
        Duration futureTolerance,
        Duration rawRetention,
        Duration baseRetention) {
    public ReconciliationWindow {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(topicCompleteSince, "topicCompleteSince");
        requireNotNegative("settle", settle);
        requireNotNegative("futureTolerance", futureTolerance);
        requireNotNegative("rawRetention", rawRetention);
        requireNotNegative("baseRetention", baseRetention);
    }

    public HourStatus status(Instant hour, ReconciliationCheck check) {
        if (hour.plus(1, ChronoUnit.HOURS).plus(settle).isAfter(now)) {
            return HourStatus.pending("the hour ended less than " + settle + " ago (--settle)");
        }
        if (check == ReconciliationCheck.RAW_TO_CUBE && hour.isBefore(now.minus(baseRetention))) {
            return HourStatus.notChecked(
                    "older than the 15-minute base's retention (" + baseRetention.toDays() + " days)");
        }
        if (RawHistorySource.of(hour, now, rawRetention) != RawHistorySource.CASSANDRA) {
            return HourStatus.notChecked(
                    "raw rows are (partly) in the Parquet archive only, which this command does not"
                            + " read (Cassandra keeps " + rawRetention.toDays() + " days)");
        }
        if (check == ReconciliationCheck.TOPIC_TO_STORED
                && hour.minus(futureTolerance).isBefore(topicCompleteSince)) {
            return HourStatus.notChecked(
                    "records of the hour may have left the events topic (complete since " + topicCompleteSince + ")");
        }
        return HourStatus.CHECKED;
    }

    private static void requireNotNegative(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + duration);
        }
    }
}
