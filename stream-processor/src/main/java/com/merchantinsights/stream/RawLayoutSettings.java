package com.merchantinsights.stream;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings that stored data depends on (decision 0026), in {@link RawEventLayout#RAW_LAYOUT_TABLE}: the identity bucket
 * count, fixed by the first start of an installation (the recent identities are placed by bucket, so a driver started
 * later with another count would look in the wrong partitions; the first writer wins, a lightweight transaction once
 * per start), and the raw store's shards per hour, one epoch per change of the setting.
 */
public final class RawLayoutSettings {
    static final String IDENTITY_BUCKETS = "identity_buckets";
    private static final Logger LOG = LoggerFactory.getLogger(RawLayoutSettings.class);

    private RawLayoutSettings() {}

    /**
     * The raw store's shards per hour, with {@code configured} recorded for the hours from two hours on when it differs
     * from the latest epoch (hours already written keep their count: an event may arrive up to the edge's future
     * tolerance, 15 minutes, ahead of its hour).
     */
    public static ShardLayout shardLayout(CqlSession session, int configured, Instant now) {
        ShardLayout layout = read(session);
        ShardLayout.Epoch change = layout.change(configured, now.plus(Duration.ofHours(2)));
        if (change == null) {
            return layout;
        }
        insertIfAbsent(session, change.setting(), change.shards(), now);
        LOG.info("raw store: {} shards per hour from {} on", change.shards(), change.from());
        return read(session);
    }

    /** The recorded shard layout, for every reader of raw partitions. */
    public static ShardLayout read(CqlSession session) {
        Map<String, Integer> settings = new HashMap<>();
        for (Row row : session.execute(SimpleStatement.newInstance(ShardLayout.SELECT_CQL)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
            settings.put(row.getString("setting"), row.isNull("value") ? null : row.getInt("value"));
        }
        return ShardLayout.fromSettings(settings);
    }

    /** The identity bucket count the installation's stream fixed, or the default when no stream ever started. */
    public static int storedIdentityBuckets(CqlSession session) {
        Row row = session.execute(SimpleStatement.newInstance(
                                "SELECT value FROM " + CassandraRawStore.table(RawEventLayout.RAW_LAYOUT_TABLE)
                                        + " WHERE setting = ?",
                                IDENTITY_BUCKETS)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
                .one();
        return row == null || row.isNull("value") ? RawEventLayout.DEFAULT_IDENTITY_BUCKETS : row.getInt("value");
    }

    static int identityBuckets(CqlSession session, int configured) {
        Row answer = insertIfAbsent(session, IDENTITY_BUCKETS, configured, Instant.now());
        if (answer == null || answer.getBoolean("[applied]")) {
            return configured;
        }
        int fixed = answer.getInt("value");
        if (fixed != configured) {
            LOG.warn(
                    "identity buckets: this installation was started with {}, which stays (configured {}); "
                            + "changing it needs a rebuild of {} (docs/operations.md)",
                    fixed,
                    configured,
                    RawEventLayout.RECENT_IDENTITIES_TABLE);
        }
        return fixed;
    }

    /** Records a setting unless one is there: the first writer wins. Answers Cassandra's verdict with the kept value. */
    private static Row insertIfAbsent(CqlSession session, String setting, int value, Instant now) {
        return session.execute(session.prepare("INSERT INTO " + CassandraRawStore.table(RawEventLayout.RAW_LAYOUT_TABLE)
                                + " (setting, value, set_at) VALUES (?, ?, ?) IF NOT EXISTS")
                        .bind(setting, value, now)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
                .one();
    }
}
