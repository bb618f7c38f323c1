package com.merchantinsights.core.event;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One accepted business event, as the events API hands it to Kafka. Its identity is
 * {@code (merchantId, eventId)}: the same identity is counted at most once, however often it is sent.
 */
public record Event(
        String eventId,
        MerchantId merchantId,
        EventType type,
        OffsetDateTime occurredAt,
        Optional<String> customerId,
        Optional<String> anonymousId,
        OptionalLong amount,
        Optional<String> currency,
        Map<String, String> dimensions) {

    public Event {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(anonymousId, "anonymousId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        dimensions = Map.copyOf(dimensions);
    }
}
