package com.merchantinsights.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.merchantinsights.core.error.DeadLetterCode;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event the stream processor could not store, with its reason, as it goes to the dead-letter topic and table.
 * The id and the recorded time derive from the Kafka record, so a replayed micro-batch produces the same letter
 * (the table row is rewritten; topic readers drop repeated ids); a re-driven record rejected again keeps the letter
 * it re-sent.
 */
record DeadLetter(
        UUID id,
        String kind,
        String code,
        String field,
        String reason,
        String merchantId,
        String eventId,
        Instant receivedAt,
        String payload,
        int kafkaPartition,
        long kafkaOffset,
        Instant recordedAt) {
    static final String SOURCE = "stream-processor";
    private static final ObjectMapper JSON = new ObjectMapper();

    DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    static DeadLetter rejected(ParsedRecord record) {
        DeadLetterCode rejection = Objects.requireNonNull(record.rejection(), "not a rejected record");
        return of(record, DeadLetterFields.KIND_REJECTED, rejection.code(), rejection.field(), rejection.message());
    }

    /** A re-send that differs from the stored first version of its identity. */
    static DeadLetter conflict(ParsedRecord record, StoredVersion first) {
        boolean movedInTime = !Objects.equals(first.occurredAt(), record.occurredAt());
        String reason = "event " + record.eventId() + " of merchant " + record.merchantId() + " was first stored with "
                + "occurred_at " + first.occurredAt()
                + (movedInTime ? "; this re-send says " + record.occurredAt() : "")
                + " and other content; the version received first is kept";
        return of(
                record,
                DeadLetterFields.KIND_CONFLICT,
                DeadLetterCode.CONFLICT.code(),
                movedInTime ? "occurred_at" : null,
                reason);
    }

    /**
     * A version that an earlier micro-batch stored and that gave way to one received before it (decision 0048). Named
     * by the Kafka record that had stored it, as its conflict letter would have been had the versions come in order;
     * its content stays in the events topic at that position (the letter carries no payload).
     */
    static DeadLetter displaced(ParsedRecord kept, StoredVersion.Displaced version) {
        boolean movedInTime = !Objects.equals(version.occurredAt(), kept.occurredAt());
        String reason =
                "event " + kept.eventId() + " of merchant " + kept.merchantId() + " was stored with occurred_at "
                        + version.occurredAt() + " from " + Topics.EVENTS + " partition " + version.kafkaPartition()
                        + " offset " + version.kafkaOffset() + "; a version received before it"
                        + (movedInTime ? " says " + kept.occurredAt() : "")
                        + " and other content was processed later and took its place: the version received first is kept";
        UUID id = letterId(version.kafkaPartition(), version.kafkaOffset(), DeadLetterFields.KIND_CONFLICT);
        Instant recordedAt = kept.kafkaTimestamp() != null ? kept.kafkaTimestamp() : kept.ingestedAt();
        return new DeadLetter(
                id,
                DeadLetterFields.KIND_CONFLICT,
                DeadLetterCode.CONFLICT.code(),
                movedInTime ? "occurred_at" : null,
                reason,
                kept.merchantId(),
                kept.eventId(),
                version.receivedAt(),
                null,
                version.kafkaPartition(),
                version.kafkaOffset(),
                recordedAt);
    }

    /**
     * An event of a person whose data was erased (issue 23): a re-send of an erased event, or a new event of a person
     * the erasure suppresses. Not stored, and the letter keeps no personal data: its payload is the event's identity
     * and hour only (what the reconciliation counts a suppressed event by).
     */
    static DeadLetter erased(ParsedRecord record) {
        DeadLetter letter = of(
                record,
                DeadLetterFields.KIND_ERASED,
                DeadLetterCode.ERASED_IDENTITY.code(),
                DeadLetterCode.ERASED_IDENTITY.field(),
                "event " + record.eventId() + " of merchant " + record.merchantId()
                        + " belongs to a person whose data was erased: not stored");
        return new DeadLetter(
                letter.id(),
                letter.kind(),
                letter.code(),
                letter.field(),
                letter.reason(),
                letter.merchantId(),
                letter.eventId(),
                letter.receivedAt(),
                identityOnly(record),
                letter.kafkaPartition(),
                letter.kafkaOffset(),
                letter.recordedAt());
    }

    private static String identityOnly(ParsedRecord record) {
        ObjectNode identity = JSON.createObjectNode();
        identity.put(DeadLetterFields.EVENT_ID, record.eventId());
        identity.put(DeadLetterFields.MERCHANT_ID, record.merchantId());
        identity.put(
                "occurred_at",
                record.occurredAt() == null ? null : record.occurredAt().toString());
        return identity.toString();
    }

    private static UUID letterId(int kafkaPartition, long kafkaOffset, String kind) {
        return UUID.nameUUIDFromBytes((Topics.EVENTS + "/" + kafkaPartition + "/" + kafkaOffset + "/" + kind)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static DeadLetter of(ParsedRecord record, String kind, String code, String field, String reason) {
        UUID id = letterId(record.kafkaPartition(), record.kafkaOffset(), kind);
        Instant recordedAt = record.kafkaTimestamp() != null ? record.kafkaTimestamp() : record.ingestedAt();
        if (record.redrive() != null && DeadLetterFields.KIND_REJECTED.equals(kind)) {
            // Rejected again after a re-drive: the same letter (same table row, same id), with today's reason.
            id = record.redrive().deadLetterId();
            recordedAt = record.redrive().recordedAt();
        }
        return new DeadLetter(
                id,
                kind,
                code,
                field,
                reason,
                record.merchantId(),
                record.eventId(),
                record.receivedAt(),
                record.payload(),
                record.kafkaPartition(),
                record.kafkaOffset(),
                recordedAt);
    }

    /** The topic's JSON shape, the same fields as the events API's Segment dead letters. */
    byte[] toJson() {
        ObjectNode letter = JSON.createObjectNode();
        letter.put(DeadLetterFields.DEAD_LETTER_ID, id.toString());
        letter.put(DeadLetterFields.SOURCE, SOURCE);
        letter.put(DeadLetterFields.KIND, kind);
        letter.put(DeadLetterFields.CODE, code);
        letter.put(DeadLetterFields.FIELD, field);
        letter.put(DeadLetterFields.REASON, reason);
        letter.put(DeadLetterFields.MERCHANT_ID, merchantId);
        letter.put(DeadLetterFields.EVENT_ID, eventId);
        letter.put(DeadLetterFields.RECEIVED_AT, receivedAt == null ? null : receivedAt.toString());
        letter.put(DeadLetterFields.RECORDED_AT, recordedAt.toString());
        letter.set(DeadLetterFields.PAYLOAD, payloadNode());
        letter.put("kafka_partition", kafkaPartition);
        letter.put("kafka_offset", kafkaOffset);
        try {
            return JSON.writeValueAsBytes(letter);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode payloadNode() {
        if (payload == null) {
            return JSON.getNodeFactory().nullNode();
        }
        try {
            JsonNode parsed = JSON.readTree(payload);
            return parsed != null && parsed.isObject()
                    ? parsed
                    : JSON.getNodeFactory().textNode(payload);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(payload);
        }
    }
}
