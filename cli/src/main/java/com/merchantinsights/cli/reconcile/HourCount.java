package com.merchantinsights.cli.reconcile;

import java.time.Instant;
import java.util.Objects;

/** How many of something (raw rows, identities, dead letters, cube events) one merchant has in one UTC hour. */
public record HourCount(HourMerchant cell, long count) {
    public HourCount {
        Objects.requireNonNull(cell, "cell");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
    }

    public HourCount(Instant hour, String merchantId, long count) {
        this(new HourMerchant(hour, merchantId), count);
    }
}
