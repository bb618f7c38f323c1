package com.merchantinsights.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventIntakeTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final EventIntake intake =
            new EventIntake(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15), Duration.ofDays(90));
    private final Identity platform = new Identity("p", Scope.PLATFORM, Optional.empty());

    @Test
    void theValidEventsOfAMixedBatchAreAcceptedAndEachBadOneHasItsReason() {
        var result = read(
                "{\"events\":[" + event("e1", "m1", "2026-11-25T15:00:00+05:30") + ","
                        + event("e2", "m1", "2026-11-25T10:00:00") + "]}",
                platform);
        assertThat(result.valid()).extracting(ValidatedEvent::eventId).containsExactly("e1");
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.index()).isEqualTo(1);
            assertThat(e.field()).isEqualTo("occurred_at");
            assertThat(e.code()).isEqualTo("invalid_timestamp");
        });
    }

    @Test
    void aRepeatedEventIdInOneBatchIsWrittenOnce() {
        String e = event("e1", "m1", "2026-11-25T09:00:00Z");
        var result = read("{\"events\":[" + e + "," + e + "]}", platform);
        assertThat(result.valid()).hasSize(1);
        assertThat(result.errors())
                .singleElement()
                .extracting(IngestResult.EventError::code)
                .isEqualTo("duplicate_in_batch");
    }

    @Test
    void aMerchantKeyCannotWriteAnotherMerchantsEvents() {
        Identity m1 = new Identity("k", Scope.MERCHANT_WRITE, Optional.of(new MerchantId("m1")));
        var result = read(event("e1", "m2", "2026-11-25T09:00:00Z"), m1);
        assertThat(result.valid()).isEmpty();
        assertThat(result.errors())
                .singleElement()
                .extracting(IngestResult.EventError::code)
                .isEqualTo("merchant_forbidden");
    }

    @Test
    void timestampsTooFarAheadOrTooOldAreRejected() {
        assertThat(read(event("e1", "m1", "2026-11-25T10:20:00Z"), platform).errors())
                .singleElement()
                .extracting(IngestResult.EventError::code)
                .isEqualTo("timestamp_in_future");
        assertThat(read(event("e1", "m1", "2026-08-01T10:00:00Z"), platform).errors())
                .singleElement()
                .extracting(IngestResult.EventError::code)
                .isEqualTo("timestamp_too_old");
    }

    @Test
    void anUnknownTopLevelFieldIsRejected() {
        String e = event("e1", "m1", "2026-11-25T09:00:00Z").replace("}", ",\"colour\":\"red\"}");
        assertThat(read(e, platform).errors())
                .singleElement()
                .extracting(IngestResult.EventError::field)
                .isEqualTo("colour");
    }

    @Test
    void malformedJsonIsRefusedWhole() {
        assertThatThrownBy(() -> read("{\"events\":[", platform))
                .isInstanceOf(InsightsException.class)
                .extracting(e -> ((InsightsException) e).code())
                .isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void theKafkaValueCarriesTheEventAndWhenItWasReceived() {
        var result = read(event("e1", "m1", "2026-11-25T09:00:00Z"), platform);
        assertThat(new String(result.valid().get(0).value(), StandardCharsets.UTF_8))
                .contains("\"event_id\":\"e1\"")
                .contains("\"received_at\":\"2026-11-25T10:00:00Z\"");
    }

    private EventIntake.Intake read(String body, Identity caller) {
        return intake.read(body.getBytes(StandardCharsets.UTF_8), caller);
    }

    private static String event(String id, String merchant, String occurredAt) {
        return "{\"event_id\":\"" + id + "\",\"merchant_id\":\"" + merchant + "\",\"type\":\"order.completed\","
                + "\"occurred_at\":\"" + occurredAt + "\",\"amount\":100,\"currency\":\"INR\"}";
    }
}
