package com.merchantinsights.stream;

import com.merchantinsights.core.error.DeadLetterCode;
import com.merchantinsights.core.layout.EventFingerprint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One Kafka record after parsing, as the partition writer sees it: a raw row to store, or the reason it cannot
 * be one, and where it came from in Kafka (the dead letter's identity, and what tells a replay from a re-send).
 */
record ParsedRecord(
        Instant eventHour,
        Integer shard,
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
        int logicVersion,
        String properties,
        String fingerprint,
        DeadLetterCode rejection,
        int kafkaPartition,
        long kafkaOffset,
        Instant kafkaTimestamp,
        Redrive redrive) {

    boolean rejected() {
        return rejection != null;
    }

    /** The version's place in "first received wins": the events API's receipt time, else the broker's (decision 0026). */
    Instant receivedOrAppended() {
        return receivedAt != null ? receivedAt : kafkaTimestamp;
    }

    EventKey key() {
        return new EventKey(merchantId, eventId);
    }

    /** The same record with its fingerprint computed here (tests build records without Spark). */
    static ParsedRecord fingerprinted(
            Instant eventHour,
            Integer shard,
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
            int logicVersion,
            String properties,
            DeadLetterCode rejection,
            int kafkaPartition,
            long kafkaOffset,
            Instant kafkaTimestamp,
            Redrive redrive) {
        return new ParsedRecord(
                eventHour,
                shard,
                merchantId,
                eventId,
                eventType,
                occurredAt,
                customerId,
                anonymousId,
                amount,
                currency,
                dimensions,
                payload,
                receivedAt,
                ingestedAt,
                logicVersion,
                properties,
                EventFingerprint.of(
                        merchantId,
                        eventId,
                        eventType,
                        occurredAt,
                        customerId,
                        anonymousId,
                        amount,
                        currency,
                        dimensions,
                        properties),
                rejection,
                kafkaPartition,
                kafkaOffset,
                kafkaTimestamp,
                redrive);
    }

    /** A row of {@link RawEventParsing#parse}. */
    static ParsedRecord of(Row row) {
        String rejection = row.getAs(RawEventParsing.REJECTION);
        scala.collection.Map<String, String> dimensions = row.getAs(RawEventsTable.DIMENSIONS);
        Number amount = row.getAs(RawEventsTable.AMOUNT);
        return new ParsedRecord(
                instant(row.getAs(RawEventsTable.EVENT_HOUR)),
                row.getAs(RawEventsTable.SHARD),
                row.getAs(RawEventsTable.MERCHANT_ID),
                row.getAs(RawEventsTable.EVENT_ID),
                row.getAs(RawEventsTable.EVENT_TYPE),
                instant(row.getAs(RawEventsTable.OCCURRED_AT)),
                row.getAs(RawEventsTable.CUSTOMER_ID),
                row.getAs(RawEventsTable.ANONYMOUS_ID),
                amount == null ? null : amount.longValue(),
                row.getAs(RawEventsTable.CURRENCY),
                dimensions(dimensions),
                row.getAs(RawEventsTable.PAYLOAD),
                instant(row.getAs(RawEventsTable.RECEIVED_AT)),
                instant(row.getAs(RawEventsTable.INGESTED_AT)),
                row.<Integer>getAs(RawEventsTable.LOGIC_VERSION),
                row.getAs(RawEventParsing.PROPERTIES),
                row.getAs(RawEventsTable.FINGERPRINT),
                rejection == null ? null : DeadLetterCode.ofCode(rejection),
                row.<Integer>getAs(RawEventParsing.KAFKA_PARTITION),
                row.<Long>getAs(RawEventParsing.KAFKA_OFFSET),
                instant(row.getAs(RawEventParsing.KAFKA_TIMESTAMP)),
                Redrive.ofHeaders(
                        row.getAs(RawEventParsing.REDRIVE_OF), row.getAs(RawEventParsing.REDRIVE_RECORDED_AT)));
    }

    /** A dimension without a value is no dimension (and Cassandra's frozen maps take no null values). */
    static Map<String, String> dimensions(scala.collection.Map<String, String> dimensions) {
        if (dimensions == null) {
            return null;
        }
        Map<String, String> present = new TreeMap<>();
        CollectionConverters.asJava(dimensions).forEach((k, v) -> {
            if (k != null && v != null) {
                present.put(k, v);
            }
        });
        return Collections.unmodifiableMap(present);
    }

    private static Instant instant(Object timestamp) {
        if (timestamp == null) {
            return null;
        }
        return timestamp instanceof Timestamp t ? t.toInstant() : RawEventFunctions.toInstant(timestamp);
    }
}
