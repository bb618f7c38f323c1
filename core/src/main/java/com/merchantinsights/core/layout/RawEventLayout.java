package com.merchantinsights.core.layout;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.IntStream;

/**
 * Where a raw event lives in Cassandra: partition {@code (event_hour, shard)}, clustered by
 * {@code (merchant_id, event_id)}. The hour lets the ETL read one time bucket; the shard, derived from the
 * event id, keeps every partition bounded and lets the read run in parallel.
 */
public final class RawEventLayout {
    public static final String KEYSPACE = "insights";
    public static final String RAW_EVENTS_TABLE = "raw_events";
    public static final String DIRTY_HOURS_TABLE = "dirty_hours";
    /** Shards per hour; fixed forever for stored data, because readers enumerate them. */
    public static final int SHARDS = 16;

    private RawEventLayout() {
    }

    /** The UTC hour an event belongs to in the raw store. */
    public static Instant eventHour(Instant occurredAt) {
        return occurredAt.truncatedTo(ChronoUnit.HOURS);
    }

    /** The shard of an event id; String.hashCode is specified by the JLS, so every JVM agrees. */
    public static int shardOf(String eventId) {
        return Math.floorMod(eventId.hashCode(), SHARDS);
    }

    public static int[] allShards() {
        return IntStream.range(0, SHARDS).toArray();
    }
}
