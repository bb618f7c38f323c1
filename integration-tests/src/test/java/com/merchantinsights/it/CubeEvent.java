package com.merchantinsights.it;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/** One generated event of the cube tests, as the gateway takes it and as the raw store keeps it. */
record CubeEvent(
        String merchantId,
        String eventId,
        String type,
        Instant occurredAt,
        String customerId,
        String anonymousId,
        Long amount,
        String currency,
        String channel) {
    CubeEvent {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    String json() {
        StringBuilder json = new StringBuilder("{\"event_id\":\"")
                .append(eventId)
                .append("\",\"merchant_id\":\"")
                .append(merchantId)
                .append("\",\"type\":\"")
                .append(type)
                .append("\",\"occurred_at\":\"")
                .append(occurredAt.atOffset(ZoneOffset.UTC))
                .append('"');
        if (customerId != null) {
            json.append(",\"customer_id\":\"").append(customerId).append('"');
        }
        if (anonymousId != null) {
            json.append(",\"anonymous_id\":\"").append(anonymousId).append('"');
        }
        if (amount != null) {
            json.append(",\"amount\":")
                    .append(amount)
                    .append(",\"currency\":\"")
                    .append(currency)
                    .append('"');
        }
        if (channel != null) {
            json.append(",\"dimensions\":{\"channel\":\"").append(channel).append("\"}");
        }
        return json.append('}').toString();
    }
}
