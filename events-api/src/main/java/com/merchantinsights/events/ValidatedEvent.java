package com.merchantinsights.events;

/**
 * An event that passed every rule, ready for Kafka: its key (event_id, which spreads load evenly whatever
 * the merchant's size) and its value (the event as sent, plus merchant_id and received_at).
 */
record ValidatedEvent(int index, String eventId, String merchantId, byte[] value) {}
