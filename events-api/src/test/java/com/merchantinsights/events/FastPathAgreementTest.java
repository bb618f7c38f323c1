package com.merchantinsights.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast path must never change an outcome: for every body, the intake with it and the intake without it (the
 * schema validator and the rules on a Jackson tree) accept the same events with the same content, and report the same
 * errors or refuse the body the same way. Bodies are the bad-event classes, their boundaries, and thousands of random
 * mutations of good events.
 */
class FastPathAgreementTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final EventIntake fast = new EventIntake(CLOCK, Duration.ofMinutes(15), Duration.ofDays(90), true);
    private final EventIntake original = new EventIntake(CLOCK, Duration.ofMinutes(15), Duration.ofDays(90), false);
    private final Identity platform = new Identity("p", Scope.PLATFORM, Optional.empty());
    private final Identity m1Writer = new Identity("k", Scope.MERCHANT_WRITE, Optional.of(new MerchantId("m1")));

    private static final String GOOD = "{\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"order.completed\","
            + "\"occurred_at\":\"2026-11-25T15:00:00+05:30\",\"customer_id\":\"c-17\",\"amount\":49900,\"currency\":\"INR\","
            + "\"dimensions\":{\"channel\":\"web\",\"country\":\"IN\"},\"properties\":{\"sku\":\"tea-1\",\"qty\":[1,{\"a\":2}]}}";

    /** Values a field may take in a mutated event: right and wrong types, boundaries of every schema rule. */
    private static final List<String> VALUES = List.of(
            "\"x\"", "\"\"", "7", "-1", "0", "1.5", "1e2", "10.0", "true", "null", "[]", "{}", "[1,2]", "{\"a\":1}",
            "\"" + "a".repeat(64) + "\"", "\"" + "a".repeat(65) + "\"", "\"" + "a".repeat(128) + "\"",
            "\"" + "a".repeat(129) + "\"", "\"" + "é".repeat(64) + "\"", "\"" + "\uD83D\uDE00".repeat(64) + "\"",
            "\"" + "\uD83D\uDE00".repeat(65) + "\"", "\"a b\"", "\"a~\"", "\"a\\u007f\"", "\"abc\\n\"", "\"\\u0041bc\"",
            "\"Order Completed\"", "\"order.completed\"", "\"a_b.c9\"", "\"9abc\"", "\"m:1-2_3.4\"", "\"-m\"",
            "\"INR\"", "\"inr\"", "\"XAU\"", "\"ABC\"", "\"JPY\"", "\"IN\"", "\"INRR\"",
            "1000000000000000", "1000000000000001", "99999999999999999999", "-0", "9223372036854775807",
            "\"2026-11-25T09:00:00Z\"", "\"2026-11-25T09:00Z\"", "\"2026-11-25T09:00:00.5Z\"",
            "\"2026-11-25T09:00:00.123456789+05:30\"", "\"2026-11-25T09:00:00.1234567891Z\"", "\"2026-11-25T09:00:00.Z\"",
            "\"2026-11-25t09:00:00z\"", "\"2026-11-25T09:00:00+0530\"", "\"2026-11-25T09:00:00+05\"",
            "\"2026-11-25T09:00:00+05:30:00\"", "\"2026-11-25T09:00:00-00:00\"", "\"2026-11-25T09:00:00+18:00\"",
            "\"2026-11-25T09:00:00+18:01\"", "\"2026-11-25T09:00:00+19:00\"", "\"2026-11-25T10:15:00Z\"",
            "\"2026-11-25T10:15:00.000000001Z\"", "\"2026-08-27T10:00:00Z\"", "\"2026-08-27T09:59:59.999999999Z\"",
            "\"2026-09-31T10:00:00Z\"", "\"2026-02-29T10:00:00Z\"", "\"2026-11-25T24:00:00Z\"", "\"2026-11-25T09:60:00Z\"",
            "\"2026-11-25T09:00:60Z\"", "\"2026-11-25T09:00:00\"", "\"2026-11-25 09:00:00Z\"", "\"+2026-11-25T09:00:00Z\"",
            "\"2026-11-25T09:00:00.000+05:30\"", "\"2026-11-26T09:00:00+23:59\"");
    private static final List<String> FIELDS = List.of("event_id", "merchant_id", "type", "occurred_at", "customer_id",
            "anonymous_id", "amount", "currency", "dimensions", "properties", "colour", "received_at");
    private static final List<String> DIMENSION_NAMES = List.of("channel", "country", "device", "product_category",
            "payment_method", "location_id", "colour");

    @Test
    void randomMutationsOfGoodEventsHaveTheSameOutcomeBothWays() {
        Random random = new Random(20261125);
        for (int batch = 0; batch < 200; batch++) {
            List<String> events = IntStream.range(0, 25).mapToObj(i -> mutate(random, i)).toList();
            assertSameOutcome("{\"events\":[" + String.join(",", events) + "]}", EventIntake.Framing.JSON, platform);
            assertSameOutcome(String.join("\n", events), EventIntake.Framing.NDJSON, m1Writer);
            for (String event : events.subList(0, 3)) {
                assertSameOutcome(event, EventIntake.Framing.JSON, platform);
            }
        }
    }

    static List<String> bodyShapes() {
        return List.of(
                GOOD,
                "{\"events\":[" + GOOD + "," + GOOD + "]}",
                "{ \"events\" : [\n  " + GOOD + " ,\n\t" + GOOD.replace("e1", "e2") + "\n] }\n",
                "{\"events\":[" + GOOD + "]} trailing",
                "{\"events\":[" + GOOD + "],\"other\":1}",
                "{\"other\":1,\"events\":[" + GOOD + "]}",
                "{\"event_id\":\"e1\",\"events\":[]}",
                "{\"events\":[]}",
                "{\"events\":{}}",
                "{\"events\":[1," + GOOD + "]}",
                "{\"events\":[" + GOOD + ",]}",
                "[" + GOOD + "]",
                "{}",
                "",
                "{\"events\":[" + GOOD,
                "{\"event_id\":\"e1\",\"event_id\":\"e2\",\"merchant_id\":\"m1\",\"type\":\"x\",\"occurred_at\":\"2026-11-25T09:00:00Z\"}",
                "{\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"x\",\"occurred_at\":\"2026-11-25T09:00:00Z\",\"dimensions\":{\"channel\":\"a\",\"channel\":\"b\"}}",
                "{\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"x\",\"occurred_at\":\"2026-11-25T09:00:00Z\",\"properties\":{\"a\":{\"b\":1,\"b\":2}}}",
                "{\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"x\",\"occurred_at\":\"2026-11-25T09:00:00Z\",\"properties\":{\"a\":[{\"b\":1,\"b\":2}]}}",
                "{\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"x\",\"occurred_at\":\"2026-11-25T09:00:00Z\",\"amount\":5}",
                "{\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"x\",\"occurred_at\":\"2026-11-25T09:00:00Z\",\"currency\":\"INR\"}",
                "{\"merchant_id\":\"m1\",\"type\":\"x\",\"occurred_at\":\"2026-11-25T09:00:00Z\"}");
    }

    @ParameterizedTest
    @MethodSource("bodyShapes")
    void eachBodyShapeHasTheSameOutcomeBothWays(String body) {
        assertSameOutcome(body, EventIntake.Framing.JSON, platform);
        assertSameOutcome(body, EventIntake.Framing.NDJSON, platform);
        assertSameOutcome(body, EventIntake.Framing.JSON, m1Writer);
    }

    @Test
    void propertiesAtTheirLimitAndOverItHaveTheSameOutcome() {
        for (int members : new int[] {63, 64, 65}) {
            String properties = IntStream.range(0, members).mapToObj(i -> "\"p" + i + "\":" + i).collect(Collectors.joining(","));
            assertSameOutcome(GOOD.replace("{\"sku\":\"tea-1\",\"qty\":[1,{\"a\":2}]}", "{" + properties + "}"),
                    EventIntake.Framing.JSON, platform);
        }
    }

    @Test
    void batchesAtTheSizeLimitAndOverItHaveTheSameOutcome() {
        for (int size : new int[] {1000, 1001}) {
            String events = IntStream.range(0, size).mapToObj(i -> GOOD.replace("\"e1\"", "\"e" + i + "\"")).collect(Collectors.joining(","));
            assertSameOutcome("{\"events\":[" + events + "]}", EventIntake.Framing.JSON, platform);
            assertSameOutcome(events.replace("}},{", "}}\n{"), EventIntake.Framing.NDJSON, platform);
        }
    }

    @Test
    void badUtf8AnywhereIsRefusedTheSameWay() {
        byte[] good = GOOD.getBytes(StandardCharsets.UTF_8);
        for (String field : List.of("c-17", "tea-1", "web")) {
            int at = GOOD.indexOf(field);
            byte[] bad = good.clone();
            bad[at] = (byte) 0xE9; // a lead byte without its continuation
            assertSameOutcome(bad, EventIntake.Framing.JSON, platform);
        }
    }

    @Test
    void anEventTheFastPathIsSureOfIsWrittenAsSentWithReceivedAtLast() {
        String spaced = GOOD.replace(",\"customer_id\"", " ,  \"customer_id\"");
        var result = fast.read(spaced.getBytes(StandardCharsets.UTF_8), platform);
        assertThat(new String(result.valid().get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo(spaced.substring(0, spaced.length() - 1) + ",\"received_at\":\"2026-11-25T10:00:00Z\"}");
    }

    @Test
    void theFastPathIsWrittenForThePublishedSchema() {
        assertThat(new EventSchema().sha256())
                .as("event.schema.json changed: review EventScanner's checks against it, then update SCHEMA_SHA256")
                .isEqualTo(EventScanner.SCHEMA_SHA256);
    }

    private String mutate(Random random, int index) {
        JsonNode event = tree(GOOD.replace("\"e1\"", "\"e" + random.nextInt(30) + "\""));
        var object = (com.fasterxml.jackson.databind.node.ObjectNode) event;
        StringBuilder extra = new StringBuilder();
        for (int m = random.nextInt(4); m > 0; m--) {
            String field = FIELDS.get(random.nextInt(FIELDS.size()));
            switch (random.nextInt(5)) {
                case 0 -> object.remove(field);
                case 1 -> extra.append(",\"").append(field).append("\":").append(VALUES.get(random.nextInt(VALUES.size())));
                case 2 -> {
                    var dimensions = object.putObject("dimensions");
                    for (int d = random.nextInt(3); d > 0; d--) {
                        dimensions.set(DIMENSION_NAMES.get(random.nextInt(DIMENSION_NAMES.size())),
                                tree(VALUES.get(random.nextInt(VALUES.size()))));
                    }
                }
                default -> object.set(field, tree(VALUES.get(random.nextInt(VALUES.size()))));
            }
        }
        if (random.nextInt(10) == 0) {
            object.put("merchant_id", "m" + (index % 3));
        }
        String json = event.toString();
        // Raw text appended after the tree: repeated and unknown keys, which a tree cannot hold.
        return extra.isEmpty() ? json : json.substring(0, json.length() - 1) + extra + "}";
    }

    private void assertSameOutcome(String body, EventIntake.Framing framing, Identity caller) {
        assertSameOutcome(body.getBytes(StandardCharsets.UTF_8), framing, caller);
    }

    private void assertSameOutcome(byte[] body, EventIntake.Framing framing, Identity caller) {
        Outcome expected = outcome(original, body, framing, caller);
        Outcome actual = outcome(fast, body, framing, caller);
        assertThat(actual).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    /** What an intake made of a body: the refusal, or each accepted event as a tree and each error. */
    private record Outcome(String refusal, List<String> accepted, List<IngestResult.EventError> errors) {
    }

    private static Outcome outcome(EventIntake intake, byte[] body, EventIntake.Framing framing, Identity caller) {
        List<EventIntake.Intake> result = new ArrayList<>(1);
        Throwable thrown = catchThrowable(() -> result.add(intake.read(body, framing, caller)));
        if (thrown != null) {
            InsightsException refusal = (InsightsException) thrown;
            return new Outcome(refusal.code() + " " + refusal.field() + " " + refusal.getMessage(), List.of(), List.of());
        }
        List<String> accepted = result.get(0).valid().stream()
                .map(v -> v.index() + " " + v.eventId() + " " + v.merchantId() + " " + strictTree(v.value()))
                .toList();
        return new Outcome(null, accepted, result.get(0).errors());
    }

    /** A written value as a tree; a repeated key (which readers resolve differently, or refuse) is a difference. */
    private static String strictTree(byte[] value) {
        try {
            return STRICT.readTree(value).toString();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT = Json.mapper().copy()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static JsonNode tree(String json) {
        return tree(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode tree(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
