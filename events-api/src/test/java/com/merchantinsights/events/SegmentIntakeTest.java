package com.merchantinsights.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SegmentIntakeTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SegmentIntake segment =
            new SegmentIntake(new EventIntake(clock, Duration.ofMinutes(15), Duration.ofDays(90)), clock);
    private final Identity writeKey = new Identity("k", Scope.MERCHANT_WRITE, Optional.of(new MerchantId("m_chai")));

    @Test
    void anOrderCompletedTrackCallBecomesACanonicalOrderInMinorUnits() throws Exception {
        var intake = read("batch", """
                {"batch":[{"type":"track","messageId":"msg-1","userId":"u-7","event":"Order Completed",
                  "timestamp":"2026-11-25T11:59:00Z","channel":"server",
                  "properties":{"revenue":499.00,"currency":"INR","category":"tea"},
                  "context":{"ip":"203.0.113.9","device":{"type":"ios"},"location":{"country":"IN"}}}],
                 "sentAt":"2026-11-25T12:00:00Z"}""");
        assertThat(intake.deadLetters()).isEmpty();
        JsonNode event = Json.mapper().readTree(intake.events().get(0).value());
        assertThat(event.path("event_id").asText()).isEqualTo("msg-1");
        assertThat(event.path("merchant_id").asText()).isEqualTo("m_chai");
        assertThat(event.path("type").asText()).isEqualTo("order.completed");
        assertThat(event.path("customer_id").asText()).isEqualTo("u-7");
        assertThat(event.path("amount").asLong()).isEqualTo(49900);
        assertThat(event.path("currency").asText()).isEqualTo("INR");
        // The client's clock ran two hours fast: Segment's correction puts the order one minute before receipt.
        assertThat(event.path("occurred_at").asText()).isEqualTo("2026-11-25T09:59:00Z");
        assertThat(event.path("dimensions").path("channel").asText()).isEqualTo("server");
        assertThat(event.path("dimensions").path("device").asText()).isEqualTo("ios");
        assertThat(event.path("dimensions").path("country").asText()).isEqualTo("IN");
        assertThat(event.path("dimensions").path("product_category").asText()).isEqualTo("tea");
        assertThat(event.toString()).doesNotContain("203.0.113.9");
    }

    @Test
    void pageAndIdentifyCallsMapToTheirTypes() throws Exception {
        assertThat(type(read(
                        "page",
                        "{\"messageId\":\"p1\",\"anonymousId\":\"a1\",\"timestamp\":\"2026-11-25T09:00:00Z\"}")))
                .isEqualTo("page.viewed");
        assertThat(type(read("identify", "{\"messageId\":\"i1\",\"userId\":\"u1\",\"traits\":{\"plan\":\"gold\"}}")))
                .isEqualTo("customer.identified");
        assertThat(type(read("track", "{\"messageId\":\"t1\",\"userId\":\"u1\",\"event\":\"Checkout Started\"}")))
                .isEqualTo("track.checkout_started");
    }

    @Test
    void aMessageThatBreaksARuleBecomesADeadLetterWithItsReasonAndWithoutTheIp() throws Exception {
        var intake = read("track", """
                {"messageId":"t2","userId":"u1","event":"Order Completed","properties":{"revenue":1.5,"currency":"JPY"},
                 "context":{"ip":"203.0.113.9"}}""");
        assertThat(intake.events()).isEmpty();
        JsonNode letter = Json.mapper().readTree(intake.deadLetters().get(0).value());
        assertThat(letter.path("code").asText()).isEqualTo("invalid_amount");
        assertThat(letter.path("field").asText()).isEqualTo("properties.revenue");
        assertThat(letter.path("event_id").asText()).isEqualTo("t2");
        assertThat(letter.path("payload").path("event").asText()).isEqualTo("Order Completed");
        assertThat(letter.toString()).doesNotContain("203.0.113.9");
    }

    @Test
    void aMessageWithoutMessageIdIsADeadLetter() throws Exception {
        var intake = read("track", "{\"userId\":\"u1\",\"event\":\"Signed Up\"}");
        assertThat(Json.mapper()
                        .readTree(intake.deadLetters().get(0).value())
                        .path("field")
                        .asText())
                .isEqualTo("event_id");
    }

    @Test
    void bodiesThatAreNotAJsonObjectOrABatchAreRefusedWholeWithTheirCode() {
        for (String[] bad : new String[][] {
            {"batch", "not json at all", "malformed_json", null},
            {"batch", "[{\"type\":\"track\"}]", "malformed_json", null},
            {"batch", "{\"batch\": {\"type\":\"track\"}}", "malformed_json", "batch"},
            {"track", "\"a string\"", "malformed_json", null}
        }) {
            assertThatThrownBy(() -> read(bad[0], bad[1]))
                    .as(bad[1])
                    .isInstanceOfSatisfying(InsightsException.class, e -> {
                        assertThat(e.code().code()).isEqualTo(bad[2]);
                        assertThat(e.field().orElse(null)).isEqualTo(bad[3]);
                    });
        }
    }

    @Test
    void aBatchOfMoreThanAThousandMessagesIsRefusedWhole() {
        StringBuilder body = new StringBuilder("{\"batch\":[");
        for (int i = 0; i <= 1_000; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"track\",\"messageId\":\"m")
                    .append(i)
                    .append("\",\"userId\":\"u\",\"event\":\"Signed Up\"}");
        }
        assertThatThrownBy(() -> read("batch", body.append("]}").toString()))
                .isInstanceOfSatisfying(InsightsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_EVENTS);
                    assertThat(e.field()).contains("batch");
                });
    }

    @Test
    void groupAndAliasCallsInABatchAreDeadLettersNotEvents() throws Exception {
        var intake = read("batch", """
                {"batch":[{"type":"group","messageId":"g1","userId":"u1","groupId":"acme"},
                          {"type":"alias","messageId":"a1","userId":"u1","previousId":"anon-1"}]}""");
        assertThat(intake.events()).isEmpty();
        assertThat(intake.deadLetters()).hasSize(2);
        for (var letter : intake.deadLetters()) {
            assertThat(Json.mapper().readTree(letter.value()).path("code").asText())
                    .isEqualTo("unsupported_call");
        }
    }

    private SegmentIntake.Intake read(String call, String body) {
        return segment.read(body.getBytes(StandardCharsets.UTF_8), call, writeKey);
    }

    private static String type(SegmentIntake.Intake intake) throws Exception {
        assertThat(intake.deadLetters()).isEmpty();
        return Json.mapper()
                .readTree(intake.events().get(0).value())
                .path("type")
                .asText();
    }
}
