package com.merchantinsights.etl;

import java.time.Instant;
import java.util.Objects;

/** A merchant's 15-minute base bucket that a refresh deleted or wrote. */
record MerchantBucket(String merchantId, Instant bucketStart) {
    MerchantBucket {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(bucketStart, "bucketStart");
    }
}
