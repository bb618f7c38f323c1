package com.merchantinsights.etl;

import java.time.Instant;
import java.util.Objects;

/** A row of {@code insights.dirty_hours}: the merchant received events in that UTC hour since its last rebuild. */
public record DirtyMark(Instant eventHour, String merchantId, Instant markedAt) {
    public DirtyMark {
        Objects.requireNonNull(eventHour, "eventHour");
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(markedAt, "markedAt");
    }
}
