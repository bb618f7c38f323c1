package com.merchantinsights.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.sample.GeneratedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Bulk-loads generated events straight into the raw store, with the dirty marks the stream processor would write,
 * so a benchmark can time the cube ETL alone. Duplicates are written once (the raw store's key makes that idempotent
 * anyway).
 */
final class RawStoreLoader {
    private static final int IN_FLIGHT = 256;
    private final CqlSession session;
    private final ObjectMapper json = new ObjectMapper();

    RawStoreLoader(CqlSession session) {
        this.session = session;
    }

    /** @return events stored */
    long load(List<GeneratedEvent> events) throws InterruptedException {
        PreparedStatement insert = session.prepare("INSERT INTO " + RawEventLayout.KEYSPACE + "." + RawEventLayout.RAW_EVENTS_TABLE
                + " (event_hour, shard, merchant_id, event_id, event_type, occurred_at, customer_id, anonymous_id, amount,"
                + " currency, dimensions, payload, received_at, ingested_at, logic_version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2)");
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        Set<String> seen = new HashSet<>();
        Set<Map.Entry<Instant, String>> marks = new HashSet<>();
        Instant now = Instant.now();
        long stored = 0;
        for (GeneratedEvent event : events) {
            if (!seen.add(event.merchantId() + "/" + event.eventId())) {
                continue;
            }
            JsonNode node = parse(event.json());
            Map<String, String> dimensions = new HashMap<>();
            node.path("dimensions").fields().forEachRemaining(e -> dimensions.put(e.getKey(), e.getValue().asText()));
            Instant hour = RawEventLayout.eventHour(event.occurredAt());
            marks.add(Map.entry(hour, event.merchantId()));
            inFlight.acquire();
            CompletableFuture<?> write = session.executeAsync(insert.bind(hour, RawEventLayout.shardOf(event.eventId()),
                    event.merchantId(), event.eventId(), event.type(), event.occurredAt(), text(node, "customer_id"),
                    text(node, "anonymous_id"), node.has("amount") ? node.get("amount").asLong() : null,
                    text(node, "currency"), dimensions, event.json(), now, now)).toCompletableFuture();
            write.whenComplete((r, e) -> inFlight.release());
            stored++;
        }
        inFlight.acquire(IN_FLIGHT);
        inFlight.release(IN_FLIGHT);
        PreparedStatement mark = session.prepare("INSERT INTO " + RawEventLayout.KEYSPACE + "."
                + RawEventLayout.DIRTY_MARKS_TABLE + " (event_hour, merchant_id, marked_at) VALUES (?, ?, ?)");
        for (Map.Entry<Instant, String> pair : marks) {
            session.execute(mark.bind(pair.getKey(), pair.getValue(), Instant.now()));
        }
        return stored;
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
