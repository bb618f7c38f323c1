package com.merchantinsights.sample;

import java.time.ZoneId;
import java.util.Objects;

/**
 * A generated merchant: its zone and currency, and its share of all traffic (merchant sizes follow a Zipf-like
 * curve, so a few merchants are large and most are small).
 */
public record SampleMerchant(String merchantId, ZoneId zone, String currency, double weight) {
    public SampleMerchant {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(currency, "currency");
    }
}
