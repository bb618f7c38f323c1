package com.merchantinsights.core.layout;

/** Kafka topic names shared by the events API, the stream processor and the stack's bootstrap. */
public final class Topics {
    /** Accepted events, keyed by event_id so that load spreads evenly whatever the merchant's size. */
    public static final String EVENTS = "insights.events.v1";
    /** Partitions of the events topic on a local single-node stack. */
    public static final int LOCAL_EVENTS_PARTITIONS = 6;

    private Topics() {
    }
}
