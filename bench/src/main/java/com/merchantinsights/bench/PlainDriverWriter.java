package com.merchantinsights.bench;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.core.layout.EventFingerprint;
import com.merchantinsights.core.layout.RawEventLayout;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stream benchmark's baseline: one JVM thread with the plain asynchronous Cassandra driver, issuing the stream
 * processor's statements for the same events (parse the JSON, claim the identity with the same lightweight
 * transaction, store the raw row with the same hour-relative TTL, mark the dirty hours at the end), with as many
 * writes in flight as the stream job has (two tasks of 256). With {@code claimIdentities} false it skips the claim:
 * the difference is what the first-version-wins rule costs.
 */
final class PlainDriverWriter {
    static final int IN_FLIGHT = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CqlSession session;
    private final boolean claimIdentities;
    private final PreparedStatement claim;
    private final PreparedStatement store;
    private final PreparedStatement mark;

    PlainDriverWriter(CqlSession session, String keyspace, boolean claimIdentities) {
        this.session = session;
        this.claimIdentities = claimIdentities;
        this.claim = session.prepare("INSERT INTO " + keyspace + "." + RawEventLayout.EVENT_IDENTITIES_TABLE
                + " (merchant_id, event_id, event_hour, occurred_at, fingerprint, first_ingested_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?");
        this.store = session.prepare("INSERT INTO " + keyspace + "." + RawEventLayout.RAW_EVENTS_TABLE
                + " (event_hour, shard, merchant_id, event_id, event_type, occurred_at, customer_id, anonymous_id, amount,"
                + " currency, dimensions, payload, received_at, ingested_at, logic_version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
        this.mark = session.prepare("INSERT INTO " + keyspace + "." + RawEventLayout.DIRTY_MARKS_TABLE
                + " (event_hour, merchant_id, marked_at) VALUES (?, ?, ?)");
    }

    /** Writes every event; returns the events per second, marks included. */
    double write(List<String> events) throws InterruptedException {
        long t0 = System.nanoTime();
        Instant now = Instant.now();
        Semaphore permits = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Set<List<Object>> dirty = ConcurrentHashMap.newKeySet();
        for (String value : events) {
            permits.acquire();
            CompletionStage<?> work;
            try {
                work = writeOne(value, now, dirty);
            } catch (Exception e) {
                work = CompletableFuture.failedFuture(e);
            }
            work.whenComplete((r, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                permits.release();
            });
        }
        permits.acquire(IN_FLIGHT);
        if (failure.get() != null) {
            throw new IllegalStateException("baseline write failed", failure.get());
        }
        permits.release(IN_FLIGHT);
        Instant markedAt = Instant.now();
        for (List<Object> pair : dirty) {
            permits.acquire();
            session.executeAsync(mark.bind(pair.get(0), pair.get(1), markedAt).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
                    .whenComplete((r, e) -> permits.release());
        }
        permits.acquire(IN_FLIGHT);
        return events.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private CompletionStage<?> writeOne(String value, Instant now, Set<List<Object>> dirty) throws Exception {
        JsonNode e = JSON.readTree(value);
        String merchant = e.get("merchant_id").asText();
        String eventId = e.get("event_id").asText();
        Instant occurredAt = OffsetDateTime.parse(e.get("occurred_at").asText()).toInstant();
        Instant hour = RawEventLayout.eventHour(occurredAt);
        Map<String, String> dimensions = new TreeMap<>();
        e.path("dimensions").fields().forEachRemaining(d -> dimensions.put(d.getKey(), d.getValue().asText()));
        Long amount = e.hasNonNull("amount") ? e.get("amount").asLong() : null;
        String fingerprint = EventFingerprint.of(merchant, eventId, e.get("type").asText(), occurredAt,
                text(e, "customer_id"), text(e, "anonymous_id"), amount, text(e, "currency"), dimensions,
                e.has("properties") ? e.get("properties").toString() : null);
        BoundStatementBuilder row = store.boundStatementBuilder()
                .setInstant(0, hour).setInt(1, RawEventLayout.shardOf(eventId)).setString(2, merchant)
                .setString(3, eventId).setString(4, e.get("type").asText()).setInstant(5, occurredAt)
                .setString(6, text(e, "customer_id")).setLong(8, amount == null ? 0 : amount).setString(9, text(e, "currency"))
                .setMap(10, dimensions, String.class, String.class).setString(11, value)
                .setInstant(12, OffsetDateTime.parse(e.get("received_at").asText()).toInstant())
                .setInstant(13, now).setInt(14, 2)
                .setInt(15, RawEventLayout.ttlSeconds(hour, now, RawEventLayout.DEFAULT_RETENTION))
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
        if (!claimIdentities) {
            return session.executeAsync(row.build()).thenRun(() -> dirty.add(List.of(hour, merchant)));
        }
        CompletionStage<AsyncResultSet> claimed = session.executeAsync(claim.boundStatementBuilder()
                .setString(0, merchant).setString(1, eventId).setInstant(2, hour).setInstant(3, occurredAt)
                .setString(4, fingerprint).setInstant(5, now)
                .setInt(6, (int) RawEventLayout.DEFAULT_RETENTION.getSeconds())
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL).build());
        return claimed.thenCompose(rs -> {
            if (rs.wasApplied() || fingerprint.equals(rs.one().getString("fingerprint"))) {
                return session.executeAsync(row.build()).thenRun(() -> dirty.add(List.of(hour, merchant)));
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    private static String text(JsonNode e, String field) {
        return e.hasNonNull(field) ? e.get(field).asText() : null;
    }
}
