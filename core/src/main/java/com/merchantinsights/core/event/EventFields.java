package com.merchantinsights.core.event;

/**
 * Field names of the event contract (docs/event-contract.md). The same names are used on the wire, in the
 * Kafka record and in the raw store, so that one event reads the same at every hop.
 */
public final class EventFields {
    public static final String EVENT_ID = "event_id";
    public static final String MERCHANT_ID = "merchant_id";
    public static final String TYPE = "type";
    public static final String OCCURRED_AT = "occurred_at";
    public static final String CUSTOMER_ID = "customer_id";
    public static final String ANONYMOUS_ID = "anonymous_id";
    public static final String AMOUNT = "amount";
    public static final String CURRENCY = "currency";
    public static final String DIMENSIONS = "dimensions";
    public static final String PROPERTIES = "properties";
    /** Added by the events API: when the edge accepted the event (UTC, RFC 3339). */
    public static final String RECEIVED_AT = "received_at";

    private EventFields() {}
}
