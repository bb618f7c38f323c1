package com.merchantinsights.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * How many of something (raw rows, identities, dead letters, cube events) one merchant has in one UTC hour. Not
 * checked for sign: a corrupt cube row can sum to less than zero, and that is a mismatch to report, not to refuse.
 */
public record HourCount(HourMerchant cell, long count) {
    public HourCount {
        Objects.requireNonNull(cell, "cell");
    }

    public HourCount(Instant hour, String merchantId, long count) {
        this(new HourMerchant(hour, merchantId), count);
    }
}
