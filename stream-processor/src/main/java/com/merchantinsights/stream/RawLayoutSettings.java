package com.merchantinsights.stream;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.merchantinsights.core.layout.RawEventLayout;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings that stored data depends on, fixed by the first start of an installation (decision 0026): the recent
 * identities are placed by bucket, so a driver started later with another bucket count would look in the wrong
 * partitions. The first writer wins (a lightweight transaction, once per start); later ones use its value and say so.
 */
final class RawLayoutSettings {
    static final String IDENTITY_BUCKETS = "identity_buckets";
    private static final Logger LOG = LoggerFactory.getLogger(RawLayoutSettings.class);

    private RawLayoutSettings() {
    }

    static int identityBuckets(CqlSession session, int configured) {
        Row answer = session.execute(session.prepare("INSERT INTO " + CassandraRawStore.table(RawEventLayout.RAW_LAYOUT_TABLE)
                        + " (setting, value, set_at) VALUES (?, ?, ?) IF NOT EXISTS")
                .bind(IDENTITY_BUCKETS, configured, Instant.now())
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)).one();
        if (answer == null || answer.getBoolean("[applied]")) {
            return configured;
        }
        int fixed = answer.getInt("value");
        if (fixed != configured) {
            LOG.warn("identity buckets: this installation was started with {}, which stays (configured {}); "
                    + "changing it needs a rebuild of {} (docs/operations.md)", fixed, configured,
                    RawEventLayout.RECENT_IDENTITIES_TABLE);
        }
        return fixed;
    }
}
