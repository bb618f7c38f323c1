package com.merchantinsights.core.layout;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Where a raw event lives in Cassandra: partition {@code (event_hour, shard)}, clustered by
 * {@code (merchant_id, event_id)}. The hour lets the ETL read one time bucket; the shard, derived from the
 * event id, keeps every partition bounded and lets the read run in parallel. The stream judges each identity against
 * {@link #RECENT_IDENTITIES_TABLE} and the raw row itself, so that a re-send with another occurred_at (another hour)
 * is not stored twice (decision 0026).
 */
public final class RawEventLayout {
    public static final String KEYSPACE = "insights";
    public static final String RAW_EVENTS_TABLE = "raw_events";
    /**
     * The stored version of each identity received within the identity window, by identity bucket, so that one
     * micro-batch reads and writes it in single-partition statements (decision 0026).
     */
    public static final String RECENT_IDENTITIES_TABLE = "recent_identities";
    /** Settings fixed for stored data, e.g. the identity bucket count (decision 0026). */
    public static final String RAW_LAYOUT_TABLE = "raw_layout";
    /** The lease that lets one stream driver at a time work on the events topic (decision 0026). */
    public static final String STREAM_LEASES_TABLE = "stream_leases";
    /** Events that failed processing, with their reason, by (kind, day) for re-drive. */
    public static final String DEAD_LETTERS_TABLE = "dead_letters";
    /** Which hours received rows since the archiver last wrote them as Parquet; one row per mark (decision 0011). */
    public static final String ARCHIVE_MARKS_TABLE = "archive_hour_marks";
    /** Re-derived raw rows, one version of a range per raw_version, never the live rows (decision 0012). */
    public static final String RAW_EVENT_VERSIONS_TABLE = "raw_event_versions";
    /** Every re-derive run: range, merchants, logic version, counts (decision 0012). */
    public static final String RAW_VERSION_RUNS_TABLE = "raw_version_runs";
    /**
     * Where a person's events are (issue 23, decision 0053): by the raw partition's hour and a shard of the person,
     * clustered by merchant, person ({@code c:} or {@code a:} and the identifier as stored) and event id; written by the
     * stream with the raw rows, with their TTL, so an erasure reads one partition per hour instead of every row.
     */
    public static final String PERSON_EVENTS_TABLE = "person_events";
    /** Identities of erased events, by identity bucket: a re-send is a dead letter, not stored again. */
    public static final String ERASED_EVENTS_TABLE = "erased_events";
    /**
     * One partition the stream reads per micro-batch task: the merchants with erased events (person {@code ""}) and
     * the persons whose new events are suppressed.
     */
    public static final String ERASURE_REGISTRY_TABLE = "erasure_registry";
    /** The registry's one partition key. */
    public static final String ERASURE_REGISTRY_SCOPE = "all";
    /**
     * Shards per hour of an installation that never set {@code --raw-shards}; a deployment setting since decision
     * 0026, recorded per hour by {@link ShardLayout} so that readers find every hour's partitions.
     */
    public static final int DEFAULT_SHARDS = 16;
    /**
     * How long Cassandra keeps a raw event after its hour (decision 0004), and the late-event horizon: the edge
     * refuses an event older than the store would keep. An ISO-8601 text too, for the command-line defaults.
     */
    public static final String DEFAULT_RETENTION_TEXT = "P90D";

    public static final Duration DEFAULT_RETENTION = Duration.parse(DEFAULT_RETENTION_TEXT);
    /**
     * How long after its receipt an identity's stored version is recognised from any hour (decision 0026): a
     * differing re-send received later than this is recognised only in the same UTC hour of occurrence; an exact
     * re-send always, for as long as the raw row lives.
     */
    public static final Duration DEFAULT_IDENTITY_WINDOW = Duration.ofDays(7);
    /** Identity buckets of a small installation; fixed at first start (decision 0026). */
    public static final int DEFAULT_IDENTITY_BUCKETS = 16;

    /**
     * The shortest life of a stored row: an event accepted just inside the horizon but processed after it (the
     * raw store was down for days) is still stored, counted by the ETL and archived, never dropped.
     */
    public static final Duration MIN_TTL = Duration.ofDays(1);

    private RawEventLayout() {}

    /** The UTC hour an event belongs to in the raw store. */
    public static Instant eventHour(Instant occurredAt) {
        return occurredAt.truncatedTo(ChronoUnit.HOURS);
    }

    /** The shard of an event id among {@code shards}; String.hashCode is specified by the JLS, so every JVM agrees. */
    public static int shardOf(String eventId, int shards) {
        return Math.floorMod(eventId.hashCode(), shards);
    }

    /** The shard of an event id in an hour of the {@linkplain ShardLayout#DEFAULT default layout}. */
    public static int shardOf(String eventId) {
        return shardOf(eventId, DEFAULT_SHARDS);
    }

    /** The identity bucket of {@code (merchant_id, event_id)}: String.hashCode again, so every JVM agrees. */
    public static int identityBucketOf(String merchantId, String eventId, int buckets) {
        return Math.floorMod(31 * merchantId.hashCode() + eventId.hashCode(), buckets);
    }

    /** The shard of a person's lookup rows among {@code shards}: String.hashCode, so every JVM agrees. */
    public static int personShardOf(String merchantId, String person, int shards) {
        return Math.floorMod(31 * merchantId.hashCode() + person.hashCode(), shards);
    }

    /**
     * How long an erased identity is remembered, counted from the erasure: a re-send must be no older than the late
     * horizon, which is the raw retention, so after retention + a day no re-send of it can be accepted.
     */
    public static int erasedTtlSeconds(Duration retention) {
        return (int) Math.min(Integer.MAX_VALUE, retention.plus(MIN_TTL).getSeconds());
    }

    /** The shards of an hour of the {@linkplain ShardLayout#DEFAULT default layout}. */
    public static int[] allShards() {
        return IntStream.range(0, DEFAULT_SHARDS).toArray();
    }

    /**
     * The TTL of a raw row, counted from its event hour rather than from the write: every row of an hour expires
     * together whenever it arrived, so a late event never extends the life of the SSTable it lands in
     * (decision 0009), and {@link #MIN_TTL} at least.
     */
    public static int ttlSeconds(Instant eventHour, Instant now, Duration retention) {
        Objects.requireNonNull(eventHour, "eventHour");
        long age = Math.max(0, Duration.between(eventHour, now).getSeconds());
        long ttl = Math.max(MIN_TTL.getSeconds(), retention.getSeconds() - age);
        return (int) Math.min(Integer.MAX_VALUE, ttl);
    }
}
