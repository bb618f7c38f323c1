package com.merchantinsights.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.layout.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RejectedLetterTest {
    private static final UUID ID = UUID.fromString("6f1c3c1e-8c0a-4d55-9a51-0d7f8b8f2a10");
    private static final Instant RECORDED = Instant.parse("2026-11-20T08:00:00.250Z");
    private static final String PAYLOAD = "{\"event_id\":\"e-1\",\"merchant_id\":\"m-1\",\"type\":\"Order Completed\"}";

    @Test
    void reSendsTheOriginalRecordKeyedByEventIdWithHeadersNamingTheLetter() {
        ProducerRecord<String, byte[]> record =
                letter("stream-processor", "invalid_type", "m-1", null).toRecord();

        assertThat(record.topic()).isEqualTo(Topics.EVENTS);
        assertThat(record.key()).isEqualTo("e-1");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(PAYLOAD);
        assertThat(new String(record.headers().lastHeader("insights-redrive-of").value(), StandardCharsets.UTF_8))
                .isEqualTo(ID.toString());
        assertThat(new String(
                        record.headers()
                                .lastHeader("insights-redrive-recorded-at")
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo("2026-11-20T08:00:00.250Z");
    }

    @Test
    void selectsUnresolvedStreamLettersMatchingTheFilters() {
        assertThat(letter("stream-processor", "invalid_type", "m-1", null).selected(Set.of(), Set.of(), false))
                .isTrue();
        assertThat(letter("stream-processor", "invalid_event_type", "m-1", null)
                        .selected(Set.of("invalid_event_type"), Set.of("m-1"), false))
                .isTrue();
        assertThat(letter("stream-processor", "invalid_type", "m-1", null)
                        .selected(Set.of("invalid_event_type"), Set.of("m-1"), false))
                .as("a letter written before the code was renamed")
                .isTrue();
        assertThat(letter("stream-processor", "invalid_type", "m-1", null)
                        .selected(Set.of("malformed_json"), Set.of(), false))
                .isFalse();
        assertThat(letter("stream-processor", "invalid_type", "m-1", null).selected(Set.of(), Set.of("m-2"), false))
                .isFalse();
        assertThat(letter("segment", "invalid_type", "m-1", null).selected(Set.of(), Set.of(), false))
                .as("a Segment letter holds a Segment message, not an events-topic record")
                .isFalse();
        assertThat(letter("stream-processor", "invalid_type", "m-1", RECORDED).selected(Set.of(), Set.of(), false))
                .isFalse();
        assertThat(letter("stream-processor", "invalid_type", "m-1", RECORDED).selected(Set.of(), Set.of(), true))
                .isTrue();
    }

    private static RejectedLetter letter(String source, String code, String merchant, Instant resolvedAt) {
        return new RejectedLetter(
                LocalDate.of(2026, 11, 20), RECORDED, ID, source, code, merchant, "e-1", PAYLOAD, resolvedAt);
    }
}
