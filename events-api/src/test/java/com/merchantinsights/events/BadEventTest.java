package com.merchantinsights.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every class of bad event gets its own machine-readable code and the offending field. */
class BadEventTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String GOOD = "\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"order.completed\","
            + "\"occurred_at\":\"2026-11-25T09:00:00Z\"";
    private final EventIntake intake =
            new EventIntake(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15), Duration.ofDays(90));
    private final Identity platform = new Identity("p", Scope.PLATFORM, Optional.empty());

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing event_id        | {\"merchant_id\":\"m1\",\"type\":\"x\",\"occurred_at\":\"2026-11-25T09:00:00Z\"} | event_id | missing_field",
                "wrong type of amount    | {GOOD,\"amount\":\"100\",\"currency\":\"INR\"}            | amount        | invalid_type",
                "wrong type of type      | {\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":7,\"occurred_at\":\"2026-11-25T09:00:00Z\"} | type | invalid_type",
                "unknown top-level field | {GOOD,\"colour\":\"red\"}                                   | colour        | unknown_field",
                "oversized event_id      | {\"event_id\":\"LONG\",\"merchant_id\":\"m1\",\"type\":\"x\",\"occurred_at\":\"2026-11-25T09:00:00Z\"} | event_id | invalid_field",
                "bad type pattern        | {\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"Order Completed\",\"occurred_at\":\"2026-11-25T09:00:00Z\"} | type | invalid_field",
                "timestamp without offset| {\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"x\",\"occurred_at\":\"2026-11-25T09:00:00.000\"} | occurred_at | invalid_timestamp",
                "timestamp far in future | {\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"x\",\"occurred_at\":\"2026-11-26T09:00:00Z\"} | occurred_at | timestamp_in_future",
                "timestamp past horizon  | {\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"x\",\"occurred_at\":\"2026-01-01T09:00:00Z\"} | occurred_at | timestamp_too_old",
                "unknown currency        | {GOOD,\"amount\":100,\"currency\":\"ABC\"}                  | currency      | invalid_currency",
                "currency without unit   | {GOOD,\"amount\":100,\"currency\":\"XAU\"}                  | currency      | invalid_currency",
                "lower-case currency     | {GOOD,\"amount\":100,\"currency\":\"inr\"}                  | currency      | invalid_currency",
                "fractional amount       | {GOOD,\"amount\":10.5,\"currency\":\"INR\"}                 | amount        | invalid_type",
                "negative amount         | {GOOD,\"amount\":-1,\"currency\":\"INR\"}                   | amount        | invalid_amount",
                "amount overflow         | {GOOD,\"amount\":99999999999999999999,\"currency\":\"INR\"} | amount        | invalid_amount",
                "amount without currency | {GOOD,\"amount\":100}                                       | currency      | missing_field",
                "unknown dimension       | {GOOD,\"dimensions\":{\"colour\":\"red\"}}                  | dimensions.colour  | unknown_dimension",
                "oversized dimension     | {GOOD,\"dimensions\":{\"channel\":\"LONG\"}}                | dimensions.channel | invalid_field",
            })
    void aBadEventIsRejectedWithItsCodeAndField(String name, String body, String field, String code) {
        String json = body.replace("GOOD", GOOD).replace("LONG", "x".repeat(200));
        var result = intake.read(json.getBytes(StandardCharsets.UTF_8), platform);
        assertThat(result.valid()).isEmpty();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.message()).isNotBlank();
        });
    }

    @Test
    void invalidUtf8IsRefusedWhole() {
        byte[] body = ("{" + GOOD + ",\"customer_id\":\"c\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(body, EventIntake.Framing.JSON, ErrorCode.INVALID_ENCODING);
    }

    @Test
    void moreThanAThousandEventsAreRefusedWhole() {
        String events = IntStream.range(0, 1001)
                .mapToObj(i -> "{" + GOOD.replace("e1", "e" + i) + "}")
                .collect(Collectors.joining(","));
        assertRefused(
                ("{\"events\":[" + events + "]}").getBytes(StandardCharsets.UTF_8),
                EventIntake.Framing.JSON,
                ErrorCode.TOO_MANY_EVENTS);
    }

    @Test
    void anEmptyBatchIsRefused() {
        assertRefused(
                "{\"events\":[]}".getBytes(StandardCharsets.UTF_8), EventIntake.Framing.JSON, ErrorCode.EMPTY_BATCH);
        assertRefused(new byte[0], EventIntake.Framing.NDJSON, ErrorCode.EMPTY_BATCH);
    }

    @Test
    void ndjsonCarriesOneEventPerLine() {
        String body = "{" + GOOD + "}\n{" + GOOD.replace("e1", "e2") + "}\n";
        var result = intake.read(body.getBytes(StandardCharsets.UTF_8), EventIntake.Framing.NDJSON, platform);
        assertThat(result.valid()).extracting(ValidatedEvent::eventId).containsExactly("e1", "e2");
    }

    @Test
    void aWrongContentTypeIsRefused() {
        assertThatThrownBy(() -> EventsApi.framing("text/plain"))
                .isInstanceOfSatisfying(
                        InsightsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE));
        assertThat(EventsApi.framing("application/json; charset=utf-8")).isEqualTo(EventIntake.Framing.JSON);
    }

    private void assertRefused(byte[] body, EventIntake.Framing framing, ErrorCode code) {
        assertThatThrownBy(() -> intake.read(body, framing, platform))
                .isInstanceOfSatisfying(
                        InsightsException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
