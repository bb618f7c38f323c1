package com.merchantinsights.bench;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.core.layout.RawEventLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stream benchmark's baseline: Cassandra's plain limit for the same raw rows — single-partition
 * unlogged batches of one (hour, shard), no identity work, no dead letters, no marks — from one thread of the plain
 * driver. The rows are parsed before timing; only binding and writing are timed. Whatever the stream does beyond
 * this (parse, shuffle, verdicts, the identity index) is what the ratio charges it for.
 */
final class PlainBatchedWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The raw columns of one event, parsed once. */
    record Row(
            Instant hour,
            int shard,
            String merchant,
            String eventId,
            String type,
            Instant occurredAt,
            String customer,
            long amount,
            String currency,
            Map<String, String> dimensions,
            String payload,
            Instant receivedAt) {}

    private final CqlSession session;
    private final PreparedStatement insert;

    PlainBatchedWriter(CqlSession session, String keyspace) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO " + keyspace + "." + RawEventLayout.RAW_EVENTS_TABLE
                + " (event_hour, shard, merchant_id, event_id, event_type, occurred_at, customer_id, amount,"
                + " currency, dimensions, payload, received_at, ingested_at, logic_version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    }

    static List<Row> parse(List<String> values) {
        List<Row> rows = new ArrayList<>(values.size());
        for (String value : values) {
            try {
                JsonNode e = JSON.readTree(value);
                Instant occurredAt =
                        OffsetDateTime.parse(e.get("occurred_at").asText()).toInstant();
                Map<String, String> dimensions = new TreeMap<>();
                e.path("dimensions")
                        .fields()
                        .forEachRemaining(
                                d -> dimensions.put(d.getKey(), d.getValue().asText()));
                String eventId = e.get("event_id").asText();
                rows.add(new Row(
                        RawEventLayout.eventHour(occurredAt),
                        RawEventLayout.shardOf(eventId),
                        e.get("merchant_id").asText(),
                        eventId,
                        e.get("type").asText(),
                        occurredAt,
                        e.get("customer_id").asText(),
                        e.get("amount").asLong(),
                        e.get("currency").asText(),
                        dimensions,
                        value,
                        OffsetDateTime.parse(e.get("received_at").asText()).toInstant()));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return rows;
    }

    /** Writes the rows grouped by raw partition in batches of {@code batchRows}; returns rows per second. */
    double write(List<Row> rows, int batchRows, int inFlight) throws InterruptedException {
        Map<List<Object>, List<Row>> byPartition = new LinkedHashMap<>();
        for (Row row : rows) {
            byPartition
                    .computeIfAbsent(List.of(row.hour(), row.shard()), k -> new ArrayList<>())
                    .add(row);
        }
        Semaphore permits = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        for (List<Row> partition : byPartition.values()) {
            for (int from = 0; from < partition.size(); from += batchRows) {
                BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED);
                for (Row r : partition.subList(from, Math.min(partition.size(), from + batchRows))) {
                    batch.addStatement(insert.bind(
                            r.hour(),
                            r.shard(),
                            r.merchant(),
                            r.eventId(),
                            r.type(),
                            r.occurredAt(),
                            r.customer(),
                            r.amount(),
                            r.currency(),
                            r.dimensions(),
                            r.payload(),
                            r.receivedAt(),
                            now,
                            3,
                            RawEventLayout.ttlSeconds(r.hour(), now, RawEventLayout.DEFAULT_RETENTION)));
                }
                permits.acquire();
                session.executeAsync(batch.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                                .build())
                        .whenComplete((r, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                            permits.release();
                        });
            }
        }
        permits.acquire(inFlight);
        permits.release(inFlight);
        if (failure.get() != null) {
            throw new IllegalStateException("baseline write failed", failure.get());
        }
        return rows.size() / ((System.nanoTime() - t0) / 1e9);
    }
}
