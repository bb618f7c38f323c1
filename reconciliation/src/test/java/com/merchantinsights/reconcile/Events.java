package com.merchantinsights.reconcile;

import java.time.Instant;
import java.time.ZoneOffset;

/** Event records as they sit on the events topic, for the tests. */
final class Events {
    static final Instant HOUR = Instant.parse("2026-11-24T13:00:00Z");

    private Events() {}

    static String event(String merchant, String eventId, String type, Instant occurredAt) {
        return "{\"event_id\":\"" + eventId + "\",\"merchant_id\":\"" + merchant + "\",\"type\":\"" + type + "\","
                + "\"occurred_at\":\"" + occurredAt.atOffset(ZoneOffset.ofHoursMinutes(5, 30)) + "\",\"amount\":100,"
                + "\"currency\":\"INR\",\"dimensions\":{\"channel\":\"web\"},\"properties\":{\"event_id\":\"nested\"}}";
    }

    static String order(String merchant, String eventId, Instant occurredAt) {
        return event(merchant, eventId, "order.completed", occurredAt);
    }

    /** An order as the events API writes it, with its receipt time. */
    static String order(String merchant, String eventId, Instant occurredAt, Instant receivedAt) {
        String order = order(merchant, eventId, occurredAt);
        return order.substring(0, order.length() - 1) + ",\"received_at\":\"" + receivedAt.atOffset(ZoneOffset.UTC)
                + "\"}";
    }

    static TopicRecord record(int partition, long offset, String value) {
        return new TopicRecord(partition, offset, HOUR.plusSeconds(offset), EventRecordFields.parse(value), false);
    }
}
