package com.merchantinsights.stream.history;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.spark.connector.cql.CassandraConnector;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.RawVersionLayout;
import com.merchantinsights.stream.RawEventsTable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes raw rows on the executors: re-derived rows into {@code raw_event_versions} under one raw version, with the
 * version's TTL per row ({@link RawVersionLayout#ttlSeconds}), or — when a version is promoted — into the live
 * {@code raw_events} with the raw store's TTL. Upserts: running the same write again rewrites the same rows. Null
 * fields stay unset, as in the live raw store.
 */
final class RawRowWriter implements ForeachPartitionFunction<Row> {
    static final String INSERT_CQL =
            "INSERT INTO " + RawEventLayout.KEYSPACE + "." + RawEventLayout.RAW_EVENT_VERSIONS_TABLE
                    + " (raw_version, event_hour, shard, merchant_id, event_id, event_type, occurred_at, customer_id,"
                    + " anonymous_id, amount, currency, dimensions, payload, received_at, ingested_at, logic_version, fingerprint)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";
    static final String INSERT_LIVE_CQL =
            "INSERT INTO " + RawEventLayout.KEYSPACE + "." + RawEventLayout.RAW_EVENTS_TABLE
                    + " (event_hour, shard, merchant_id, event_id, event_type, occurred_at, customer_id,"
                    + " anonymous_id, amount, currency, dimensions, payload, received_at, ingested_at, logic_version, fingerprint)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";
    private static final int IN_FLIGHT = 128;

    private final CassandraConnector connector;
    private final String rawVersion;
    private final Instant now;
    private final Duration retention;

    /** @param rawVersion the version written, or null for the live raw events */
    RawRowWriter(CassandraConnector connector, String rawVersion, Instant now, Duration retention) {
        this.connector = connector;
        this.rawVersion = rawVersion;
        this.now = now;
        this.retention = retention;
    }

    @Override
    public void call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return;
        }
        try (CqlSession session = connector.openSession()) {
            PreparedStatement insert = session.prepare(rawVersion == null ? INSERT_LIVE_CQL : INSERT_CQL);
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            while (rows.hasNext()) {
                inFlight.add(session.executeAsync(bind(insert, rows.next())).toCompletableFuture());
                if (inFlight.size() >= IN_FLIGHT) {
                    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                            .join();
                    inFlight.clear();
                }
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        }
    }

    private com.datastax.oss.driver.api.core.cql.BoundStatement bind(PreparedStatement insert, Row row) {
        Instant eventHour = instant(row.getAs(RawEventsTable.EVENT_HOUR));
        BoundStatementBuilder b = insert.boundStatementBuilder();
        int i = 0;
        if (rawVersion != null) {
            b.setString(i++, rawVersion);
        }
        b.setInstant(i++, eventHour)
                .setInt(i++, row.<Integer>getAs(RawEventsTable.SHARD))
                .setString(i++, row.getAs(RawEventsTable.MERCHANT_ID))
                .setString(i++, row.getAs(RawEventsTable.EVENT_ID))
                .setString(i++, row.getAs(RawEventsTable.EVENT_TYPE))
                .setInstant(i++, instant(row.getAs(RawEventsTable.OCCURRED_AT)));
        setIfPresent(b, i++, row.getAs(RawEventsTable.CUSTOMER_ID));
        setIfPresent(b, i++, row.getAs(RawEventsTable.ANONYMOUS_ID));
        Number amount = row.getAs(RawEventsTable.AMOUNT);
        if (amount != null) {
            b.setLong(i, amount.longValue());
        }
        i++;
        setIfPresent(b, i++, row.getAs(RawEventsTable.CURRENCY));
        scala.collection.Map<String, String> dimensions = row.getAs(RawEventsTable.DIMENSIONS);
        if (dimensions != null) {
            Map<String, String> present = new TreeMap<>();
            CollectionConverters.asJava(dimensions).forEach((k, v) -> {
                if (k != null && v != null) {
                    present.put(k, v);
                }
            });
            b.setMap(i, present, String.class, String.class);
        }
        i++;
        setIfPresent(b, i++, row.getAs(RawEventsTable.PAYLOAD));
        Instant receivedAt = instant(row.getAs(RawEventsTable.RECEIVED_AT));
        if (receivedAt != null) {
            b.setInstant(i, receivedAt);
        }
        i++;
        Instant ingestedAt = instant(row.getAs(RawEventsTable.INGESTED_AT));
        if (ingestedAt != null) {
            b.setInstant(i, ingestedAt);
        }
        i++;
        int ttl = rawVersion == null
                ? RawEventLayout.ttlSeconds(eventHour, now, retention)
                : RawVersionLayout.ttlSeconds(eventHour, now, retention);
        b.setInt(i++, row.<Integer>getAs(RawEventsTable.LOGIC_VERSION));
        String fingerprint = row.getAs(RawEventsTable.FINGERPRINT);
        if (fingerprint != null) {
            b.setString(i, fingerprint);
        } else if (rawVersion == null) {
            // A live row replaced by one without a fingerprint must not keep the replaced version's (decision 0026).
            b.setToNull(i);
        }
        i++;
        return b.setInt(i, ttl)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setIdempotence(true)
                .build();
    }

    private static void setIfPresent(BoundStatementBuilder b, int index, String value) {
        if (value != null) {
            b.setString(index, value);
        }
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Timestamp t ? t.toInstant() : (Instant) value;
    }
}
