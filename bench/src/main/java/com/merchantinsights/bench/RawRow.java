package com.merchantinsights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.core.layout.EventFingerprint;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import com.merchantinsights.sample.GeneratedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One raw row in the shape the stream writes it (its CassandraRawStore): the event's columns, the payload as the events
 * API put it on Kafka (the event and its received_at), the fingerprint, a Kafka position, the logic version, a TTL from
 * the event hour — and only the columns the event has. An absent field is not bound at all: a bound null is a
 * tombstone cell, which the stream never writes and every later read of the partition would pay for.
 */
record RawRow(
        Instant eventHour,
        int shard,
        String merchantId,
        String eventId,
        String eventType,
        Instant occurredAt,
        String customerId,
        String anonymousId,
        Long amount,
        String currency,
        Map<String, String> dimensions,
        String payload,
        Instant receivedAt,
        Instant ingestedAt,
        String fingerprint,
        int kafkaPartition,
        long kafkaOffset) {
    /** The stream's RawEventParsing.LOGIC_VERSION (stream-processor, which this module does not depend on). */
    static final int LOGIC_VERSION = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The row the stream would store for {@code event}, received when it occurred and processed at {@code ingestedAt}
     * (a time no later than the write), from Kafka position {@code (kafkaPartition, kafkaOffset)}.
     */
    static RawRow of(
            GeneratedEvent event, ShardLayout layout, Instant ingestedAt, int kafkaPartition, long kafkaOffset) {
        JsonNode node = parse(event.json());
        Map<String, String> dimensions = null;
        if (node.hasNonNull("dimensions")) {
            Map<String, String> fields = new TreeMap<>();
            node.get("dimensions")
                    .fields()
                    .forEachRemaining(d -> fields.put(d.getKey(), d.getValue().asText()));
            dimensions = Collections.unmodifiableMap(fields);
        }
        Long amount = node.hasNonNull("amount") ? node.get("amount").asLong() : null;
        String customer = text(node, "customer_id");
        String anonymous = text(node, "anonymous_id");
        String currency = text(node, "currency");
        // A JSON object read as text, as the stream's parser keeps it; the sample's events carry none.
        String properties =
                node.hasNonNull("properties") ? node.get("properties").toString() : null;
        Instant hour = RawEventLayout.eventHour(event.occurredAt());
        Instant receivedAt = event.occurredAt();
        String json = event.json().strip();
        String payload = json.substring(0, json.length() - 1) + ",\"received_at\":\"" + receivedAt + "\"}";
        return new RawRow(
                hour,
                layout.shardOf(event.eventId(), hour),
                event.merchantId(),
                event.eventId(),
                event.type(),
                event.occurredAt(),
                customer,
                anonymous,
                amount,
                currency,
                dimensions,
                payload,
                receivedAt,
                ingestedAt,
                EventFingerprint.of(
                        event.merchantId(),
                        event.eventId(),
                        event.type(),
                        event.occurredAt(),
                        customer,
                        anonymous,
                        amount,
                        currency,
                        dimensions,
                        properties),
                kafkaPartition,
                kafkaOffset);
    }

    /** The columns this row has a value for, in the table's order; no value is null. */
    Map<String, Object> presentColumns() {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("event_hour", eventHour);
        columns.put("shard", shard);
        columns.put("merchant_id", merchantId);
        columns.put("event_id", eventId);
        columns.put("event_type", eventType);
        columns.put("occurred_at", occurredAt);
        putIfPresent(columns, "customer_id", customerId);
        putIfPresent(columns, "anonymous_id", anonymousId);
        putIfPresent(columns, "amount", amount);
        putIfPresent(columns, "currency", currency);
        putIfPresent(columns, "dimensions", dimensions);
        columns.put("payload", payload);
        columns.put("received_at", receivedAt);
        columns.put("ingested_at", ingestedAt);
        columns.put("logic_version", LOGIC_VERSION);
        columns.put("fingerprint", fingerprint);
        columns.put("kafka_partition", kafkaPartition);
        columns.put("kafka_offset", kafkaOffset);
        return columns;
    }

    /** The TTL the stream gives a row of this hour written at {@code ingestedAt} (decision 0009). */
    int ttlSeconds(Duration retention) {
        return RawEventLayout.ttlSeconds(eventHour, ingestedAt, retention);
    }

    /** The insert of exactly these columns, then {@code USING TTL ?}: one prepared statement per set of columns. */
    static String insertCql(Collection<String> columns) {
        return "INSERT INTO " + RawEventLayout.KEYSPACE + "." + RawEventLayout.RAW_EVENTS_TABLE + " ("
                + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?"))
                + ") USING TTL ?";
    }

    /** A rough size of the row in a batch, for the stream's batch byte limit. */
    int approximateBytes() {
        return 200 + payload.length() + merchantId.length() + eventId.length() + fingerprint.length();
    }

    private static void putIfPresent(Map<String, Object> columns, String name, Object value) {
        if (value != null) {
            columns.put(name, value);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
