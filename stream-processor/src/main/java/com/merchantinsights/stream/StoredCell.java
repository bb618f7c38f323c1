package com.merchantinsights.stream;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A UTC hour of one merchant that received events in a micro-batch: a cube cell pending until the ETL applies the batch. */
record StoredCell(Instant eventHour, String merchantId) implements Serializable {
    StoredCell {
        Objects.requireNonNull(eventHour, "eventHour");
        Objects.requireNonNull(merchantId, "merchantId");
    }
}
