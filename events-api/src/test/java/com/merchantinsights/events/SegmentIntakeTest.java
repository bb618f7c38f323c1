package com.merchantinsights.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.core.privacy.PseudonymKey;
import com.merchantinsights.core.privacy.Pseudonymizer;
import com.merchantinsights.service.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SegmentIntakeTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SegmentIntake segment =
            new SegmentIntake(new EventIntake(clock, Duration.ofMinutes(15), Duration.ofDays(90)), clock);
    private final Identity writeKey = new Identity("k", Scope.MERCHANT_WRITE, Optional.of(new MerchantId("m_chai")));
    private static final PseudonymKey KEY = PseudonymKey.parse(
            "k1:" + Base64.getEncoder().encodeToString("a test secret of 32 bytes or more".getBytes()));
    /** The /v1/events intake with a key, and the Segment route on it, as EventsApi wires them. */
    private final EventIntake keyedEvents =
            new EventIntake(clock, Duration.ofMinutes(15), Duration.ofDays(90), true, Optional.of(KEY));

    private final SegmentIntake keyedSegment = new SegmentIntake(keyedEvents, clock);

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

    @Test
    void withAPseudonymKeyTrackIdentifyAndBatchPublishThePseudonymsTheEventsRoutePublishes() throws Exception {
        JsonNode viaEvents = Json.mapper()
                .readTree(keyedEvents
                        .read(
                                ("{\"event_id\":\"e1\",\"merchant_id\":\"m_chai\",\"type\":\"order.completed\","
                                                + "\"occurred_at\":\"2026-11-25T09:00:00Z\",\"customer_id\":\"cust-4711\","
                                                + "\"anonymous_id\":\"anon-8812\"}")
                                        .getBytes(StandardCharsets.UTF_8),
                                writeKey)
                        .valid()
                        .get(0)
                        .value());
        String customer = viaEvents.path("customer_id").asText();
        String anonymous = viaEvents.path("anonymous_id").asText();
        assertThat(customer).startsWith("ps1.k1.").isEqualTo(KEY.pseudonymizer().pseudonym("m_chai", "cust-4711"));
        assertThat(anonymous).startsWith("ps1.k1.").isNotEqualTo(customer);
        String person = "\"userId\":\"cust-4711\",\"anonymousId\":\"anon-8812\"";
        for (String[] call : new String[][] {
            {"track", "{\"messageId\":\"t1\"," + person + ",\"event\":\"Order Completed\"}"},
            {"identify", "{\"messageId\":\"i1\"," + person + ",\"traits\":{\"plan\":\"gold\"}}"},
            {"batch", "{\"batch\":[{\"type\":\"page\",\"messageId\":\"p1\"," + person + "}]}"}
        }) {
            var intake = keyedSegment.read(call[1].getBytes(StandardCharsets.UTF_8), call[0], writeKey);
            assertThat(intake.deadLetters()).as(call[0]).isEmpty();
            byte[] published = intake.events().get(0).value();
            JsonNode event = Json.mapper().readTree(published);
            assertThat(event.path("customer_id").asText()).as(call[0]).isEqualTo(customer);
            assertThat(event.path("anonymous_id").asText()).as(call[0]).isEqualTo(anonymous);
            assertThat(new String(published, StandardCharsets.UTF_8))
                    .as(call[0])
                    .doesNotContain("cust-4711")
                    .doesNotContain("anon-8812");
        }
    }

    @Test
    void aPseudonymSentAgainThroughSegmentIsPublishedAsItIs() throws Exception {
        String pseudonym = KEY.pseudonymizer().pseudonym("m_chai", "cust-4711");
        var intake = keyedSegment.read(
                ("{\"messageId\":\"t1\",\"userId\":\"" + pseudonym + "\",\"event\":\"Signed Up\"}")
                        .getBytes(StandardCharsets.UTF_8),
                "track",
                writeKey);
        assertThat(Json.mapper()
                        .readTree(intake.events().get(0).value())
                        .path("customer_id")
                        .asText())
                .isEqualTo(pseudonym);
    }

    @Test
    void withAPseudonymKeyADeadLetterKeepsTheMessageWithPseudonymsInPlaceOfTheIdentifiers() throws Exception {
        var intake = keyedSegment.read("""
                {"batch":[{"type":"track","messageId":"t2","userId":"cust-4711","anonymousId":"anon-8812",
                           "event":"Order Completed","properties":{"revenue":1.5,"currency":"JPY"}},
                          {"type":"alias","messageId":"a1","userId":"cust-4711","previousId":"anon-8812"},
                          {"type":"track","userId":{"nested":"cust-4711"},"event":"Signed Up"},
                          "cust-4711"]}""".getBytes(StandardCharsets.UTF_8), "batch", writeKey);
        assertThat(intake.events()).isEmpty();
        assertThat(intake.deadLetters()).hasSize(4);
        Pseudonymizer pseudonymizer = KEY.pseudonymizer();
        for (ValidatedEvent letter : intake.deadLetters()) {
            assertThat(new String(letter.value(), StandardCharsets.UTF_8))
                    .doesNotContain("cust-4711")
                    .doesNotContain("anon-8812");
        }
        JsonNode rejected = Json.mapper().readTree(intake.deadLetters().get(0).value());
        assertThat(rejected.path("code").asText()).isEqualTo("invalid_amount");
        assertThat(rejected.path("payload").path("userId").asText())
                .isEqualTo(pseudonymizer.pseudonym("m_chai", "cust-4711"));
        assertThat(rejected.path("payload").path("anonymousId").asText())
                .isEqualTo(pseudonymizer.pseudonym("m_chai", "anon-8812"));
        assertThat(rejected.path("payload").path("event").asText()).isEqualTo("Order Completed");
        JsonNode alias = Json.mapper().readTree(intake.deadLetters().get(1).value());
        assertThat(alias.path("payload").path("previousId").asText())
                .isEqualTo(pseudonymizer.pseudonym("m_chai", "anon-8812"));
        JsonNode nested = Json.mapper().readTree(intake.deadLetters().get(2).value());
        assertThat(nested.path("payload").has("userId")).isFalse();
        assertThat(nested.path("payload").path("event").asText()).isEqualTo("Signed Up");
        assertThat(Json.mapper().readTree(intake.deadLetters().get(3).value()).has("payload"))
                .isFalse();
    }

    @Test
    void withAPseudonymKeyADeadLetterWithoutAMerchantDropsTheIdentifiers() throws Exception {
        Identity platform = new Identity("p", Scope.PLATFORM, Optional.empty());
        var intake = keyedSegment.read(
                "{\"messageId\":\"t3\",\"userId\":\"cust-4711\",\"anonymousId\":\"anon-8812\",\"event\":\"Signed Up\"}"
                        .getBytes(StandardCharsets.UTF_8),
                "track",
                platform);
        JsonNode letter = Json.mapper().readTree(intake.deadLetters().get(0).value());
        assertThat(letter.path("field").asText()).isEqualTo("merchant_id");
        assertThat(letter.path("payload").has("userId")).isFalse();
        assertThat(letter.path("payload").has("anonymousId")).isFalse();
        assertThat(letter.path("payload").path("messageId").asText()).isEqualTo("t3");
    }

    @Test
    void withoutAPseudonymKeyEventsAndDeadLettersCarryTheIdentifiersAsSent() throws Exception {
        var event = read(
                "track",
                "{\"messageId\":\"t1\",\"userId\":\"cust-4711\",\"anonymousId\":\"anon-8812\","
                        + "\"event\":\"Signed Up\"}");
        JsonNode published = Json.mapper().readTree(event.events().get(0).value());
        assertThat(published.path("customer_id").asText()).isEqualTo("cust-4711");
        assertThat(published.path("anonymous_id").asText()).isEqualTo("anon-8812");
        var rejected = read("alias", "{\"messageId\":\"a1\",\"userId\":\"cust-4711\",\"previousId\":\"anon-8812\"}");
        JsonNode payload =
                Json.mapper().readTree(rejected.deadLetters().get(0).value()).path("payload");
        assertThat(payload.path("userId").asText()).isEqualTo("cust-4711");
        assertThat(payload.path("previousId").asText()).isEqualTo("anon-8812");
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
