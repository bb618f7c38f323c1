package com.merchantinsights.etl;

import java.time.Instant;
import java.util.Objects;

/**
 * A dirty (hour, merchant) of {@code insights.dirty_hour_marks}: the merchant received events in that UTC hour since
 * its last rebuild; {@code markedAt} is the newest of its marks.
 */
public record DirtyMark(Instant eventHour, String merchantId, Instant markedAt) {
    public DirtyMark {
        Objects.requireNonNull(eventHour, "eventHour");
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(markedAt, "markedAt");
    }
}
