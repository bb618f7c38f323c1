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
 * Writes re-derived raw rows into {@code raw_event_versions} under one raw version, on the executors, with the
 * version's TTL per row ({@link RawVersionLayout#ttlSeconds}). Upserts: running the same re-derivation again
 * rewrites the same rows. Null fields stay unset, as in the live raw store.
 */
final class VersionRowWriter implements ForeachPartitionFunction<Row> {
    static final String INSERT_CQL = "INSERT INTO " + RawEventLayout.KEYSPACE + "." + RawEventLayout.RAW_EVENT_VERSIONS_TABLE
            + " (raw_version, event_hour, shard, merchant_id, event_id, event_type, occurred_at, customer_id,"
            + " anonymous_id, amount, currency, dimensions, payload, received_at, ingested_at, logic_version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";
    private static final int IN_FLIGHT = 128;

    private final CassandraConnector connector;
    private final String rawVersion;
    private final Instant now;
    private final Duration retention;

    VersionRowWriter(CassandraConnector connector, String rawVersion, Instant now, Duration retention) {
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
            PreparedStatement insert = session.prepare(INSERT_CQL);
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            while (rows.hasNext()) {
                inFlight.add(session.executeAsync(bind(insert, rows.next())).toCompletableFuture());
                if (inFlight.size() >= IN_FLIGHT) {
                    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                    inFlight.clear();
                }
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        }
    }

    private com.datastax.oss.driver.api.core.cql.BoundStatement bind(PreparedStatement insert, Row row) {
        Instant eventHour = instant(row.getAs(RawEventsTable.EVENT_HOUR));
        BoundStatementBuilder b = insert.boundStatementBuilder()
                .setString(0, rawVersion)
                .setInstant(1, eventHour)
                .setInt(2, row.<Integer>getAs(RawEventsTable.SHARD))
                .setString(3, row.getAs(RawEventsTable.MERCHANT_ID))
                .setString(4, row.getAs(RawEventsTable.EVENT_ID))
                .setString(5, row.getAs(RawEventsTable.EVENT_TYPE))
                .setInstant(6, instant(row.getAs(RawEventsTable.OCCURRED_AT)));
        setIfPresent(b, 7, row.getAs(RawEventsTable.CUSTOMER_ID));
        setIfPresent(b, 8, row.getAs(RawEventsTable.ANONYMOUS_ID));
        Number amount = row.getAs(RawEventsTable.AMOUNT);
        if (amount != null) {
            b.setLong(9, amount.longValue());
        }
        setIfPresent(b, 10, row.getAs(RawEventsTable.CURRENCY));
        scala.collection.Map<String, String> dimensions = row.getAs(RawEventsTable.DIMENSIONS);
        if (dimensions != null) {
            Map<String, String> present = new TreeMap<>();
            CollectionConverters.asJava(dimensions).forEach((k, v) -> {
                if (k != null && v != null) {
                    present.put(k, v);
                }
            });
            b.setMap(11, present, String.class, String.class);
        }
        setIfPresent(b, 12, row.getAs(RawEventsTable.PAYLOAD));
        Instant receivedAt = instant(row.getAs(RawEventsTable.RECEIVED_AT));
        if (receivedAt != null) {
            b.setInstant(13, receivedAt);
        }
        Instant ingestedAt = instant(row.getAs(RawEventsTable.INGESTED_AT));
        if (ingestedAt != null) {
            b.setInstant(14, ingestedAt);
        }
        return b.setInt(15, row.<Integer>getAs(RawEventsTable.LOGIC_VERSION))
                .setInt(16, RawVersionLayout.ttlSeconds(eventHour, now, retention))
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
