package com.merchantinsights.reconcile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Objects;

/**
 * One cell of the reconciliation: a UTC hour of occurrence and a merchant. The merchant is {@code ""} for a rejected
 * record that names none (it still has to be accounted for).
 */
public record HourMerchant(Instant hour, String merchantId) implements Comparable<HourMerchant> {
    private static final Comparator<HourMerchant> ORDER =
            Comparator.comparing(HourMerchant::hour).thenComparing(HourMerchant::merchantId);

    public HourMerchant {
        Objects.requireNonNull(hour, "hour");
        Objects.requireNonNull(merchantId, "merchantId");
        if (!hour.truncatedTo(ChronoUnit.HOURS).equals(hour)) {
            throw new IllegalArgumentException("not the start of a UTC hour: " + hour);
        }
    }

    /** The cell an event occurring at {@code occurredAt} belongs to. */
    public static HourMerchant of(Instant occurredAt, String merchantId) {
        return new HourMerchant(occurredAt.truncatedTo(ChronoUnit.HOURS), merchantId == null ? "" : merchantId);
    }

    @Override
    public int compareTo(HourMerchant other) {
        return ORDER.compare(this, other);
    }
}
