package com.merchantinsights.core.layout;

/** Kafka topic names shared by the events API, the stream processor and the stack's bootstrap. */
public final class Topics {
    /** Accepted events, keyed by event_id so that load spreads evenly whatever the merchant's size. */
    public static final String EVENTS = "insights.events.v1";
    /** Events that failed a rule after the edge accepted the request (Segment calls, processing), with their reason. */
    public static final String DEAD_LETTERS = "insights.dead-letters.v1";
    /** Dead letters are kept as long as raw events, so that they can be re-driven after a fix. */
    public static final java.time.Duration DEAD_LETTER_RETENTION = java.time.Duration.ofDays(90);
    /** Partitions of the events topic on a local single-node stack. */
    public static final int LOCAL_EVENTS_PARTITIONS = 6;

    private Topics() {}
}
