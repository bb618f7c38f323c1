package com.merchantinsights.ops;

import com.merchantinsights.core.error.DeadLetterCode;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A rejected dead letter as the re-drive reads it from {@code insights.dead_letters}: its key in the table, what it
 * re-sends (the Kafka record value the stream processor refused) and whether an earlier re-drive already settled it.
 */
record RejectedLetter(
        LocalDate recordedDay,
        Instant recordedAt,
        UUID id,
        String source,
        String code,
        String merchantId,
        String eventId,
        String payload,
        Instant resolvedAt) {
    /** Only the stream processor's letters hold an events-topic record; the Segment intake's hold a Segment message. */
    static final String REDRIVABLE_SOURCE = "stream-processor";

    RejectedLetter {
        Objects.requireNonNull(recordedDay, "recordedDay");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(code, "code");
    }

    /**
     * Whether this letter is one to re-send: from the stream processor, with a payload, not yet resolved (unless
     * asked), and matching the code and merchant filters (empty = any).
     */
    boolean selected(Set<String> codes, Set<String> merchants, boolean includeResolved) {
        return REDRIVABLE_SOURCE.equals(source)
                && payload != null
                && (includeResolved || resolvedAt == null)
                && (codes.isEmpty() || codes.contains(code) || codes.contains(currentCode()))
                && (merchants.isEmpty() || merchants.contains(merchantId));
    }

    /** The code as the catalogue names it now: a letter written before a rename carries the old name. */
    String currentCode() {
        try {
            return DeadLetterCode.ofCode(code).code();
        } catch (IllegalArgumentException e) {
            return code;
        }
    }

    /**
     * The record to put back on the events topic: the original value, keyed like the events API keys events, with
     * headers naming this letter so that the stream processor rewrites it if the record is rejected again and
     * resolves it once the event is stored.
     */
    ProducerRecord<String, byte[]> toRecord() {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.EVENTS, eventId != null ? eventId : id.toString(), payload.getBytes(StandardCharsets.UTF_8));
        record.headers().add(DeadLetterFields.REDRIVE_OF_HEADER, id.toString().getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add(
                        DeadLetterFields.REDRIVE_RECORDED_AT_HEADER,
                        recordedAt.toString().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
