package com.merchantinsights.sample;

import java.time.Instant;
import java.util.Objects;

/**
 * One event as a client would send it, in delivery order. {@code duplicate} marks a re-send of an earlier event
 * (same event_id and payload); {@code late} marks an event delivered long after it occurred.
 */
public record GeneratedEvent(
        String merchantId,
        String eventId,
        String type,
        Instant occurredAt,
        long amount,
        String currency,
        String json,
        boolean duplicate,
        boolean late) {
    public GeneratedEvent {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(json, "json");
    }
}
