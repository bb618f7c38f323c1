package com.merchantinsights.stream;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A UTC hour of one merchant that received events in a micro-batch: the unit the ETL rebuilds. */
record DirtyPair(Instant eventHour, String merchantId) implements Serializable {
    DirtyPair {
        Objects.requireNonNull(eventHour, "eventHour");
        Objects.requireNonNull(merchantId, "merchantId");
    }
}
