package com.merchantinsights.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.core.privacy.PseudonymKey;
import com.merchantinsights.core.privacy.Pseudonymizer;
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
    private static final PseudonymKey KEY =
            PseudonymKey.parse("k1:" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
    /** Both ways again, with the identifiers published as pseudonyms (issue 23). */
    private final EventIntake fastPseudonymous =
            new EventIntake(CLOCK, Duration.ofMinutes(15), Duration.ofDays(90), true, Optional.of(KEY));

    private final EventIntake originalPseudonymous =
            new EventIntake(CLOCK, Duration.ofMinutes(15), Duration.ofDays(90), false, Optional.of(KEY));
    private final Identity platform = new Identity("p", Scope.PLATFORM, Optional.empty());
    private final Identity m1Writer = new Identity("k", Scope.MERCHANT_WRITE, Optional.of(new MerchantId("m1")));

    private static final String GOOD = "{\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"order.completed\","
            + "\"occurred_at\":\"2026-11-25T15:00:00+05:30\",\"customer_id\":\"c-17\",\"amount\":49900,\"currency\":\"INR\","
            + "\"dimensions\":{\"channel\":\"web\",\"country\":\"IN\"},\"properties\":{\"sku\":\"tea-1\",\"qty\":[1,{\"a\":2}]}}";

    /** Values a field may take in a mutated event: right and wrong types, boundaries of every schema rule. */
    private static final List<String> VALUES = List.of(
            "\"x\"",
            "\"\"",
            "7",
            "-1",
            "0",
            "1.5",
            "1e2",
            "10.0",
            "true",
            "null",
            "[]",
            "{}",
            "[1,2]",
            "{\"a\":1}",
            "\"" + "a".repeat(64) + "\"",
            "\"" + "a".repeat(65) + "\"",
            "\"" + "a".repeat(128) + "\"",
            "\"" + "a".repeat(129) + "\"",
            "\"" + "é".repeat(64) + "\"",
            "\"" + "\uD83D\uDE00".repeat(64) + "\"",
            "\"" + "\uD83D\uDE00".repeat(65) + "\"",
            "\"a b\"",
            "\"a~\"",
            "\"a\\u007f\"",
            "\"abc\\n\"",
            "\"\\u0041bc\"",
            "\"Order Completed\"",
            "\"order.completed\"",
            "\"a_b.c9\"",
            "\"9abc\"",
            "\"m:1-2_3.4\"",
            "\"-m\"",
            "\"INR\"",
            "\"inr\"",
            "\"XAU\"",
            "\"ABC\"",
            "\"JPY\"",
            "\"IN\"",
            "\"INRR\"",
            "1000000000000000",
            "1000000000000001",
            "99999999999999999999",
            "-0",
            "9223372036854775807",
            "\"2026-11-25T09:00:00Z\"",
            "\"2026-11-25T09:00Z\"",
            "\"2026-11-25T09:00:00.5Z\"",
            "\"2026-11-25T09:00:00.123456789+05:30\"",
            "\"2026-11-25T09:00:00.1234567891Z\"",
            "\"2026-11-25T09:00:00.Z\"",
            "\"2026-11-25t09:00:00z\"",
            "\"2026-11-25T09:00:00+0530\"",
            "\"2026-11-25T09:00:00+05\"",
            "\"2026-11-25T09:00:00+05:30:00\"",
            "\"2026-11-25T09:00:00-00:00\"",
            "\"2026-11-25T09:00:00+18:00\"",
            "\"2026-11-25T09:00:00+18:01\"",
            "\"2026-11-25T09:00:00+19:00\"",
            "\"2026-11-25T10:15:00Z\"",
            "\"2026-11-25T10:15:00.000000001Z\"",
            "\"2026-08-27T10:00:00Z\"",
            "\"2026-08-27T09:59:59.999999999Z\"",
            "\"2026-09-31T10:00:00Z\"",
            "\"2026-02-29T10:00:00Z\"",
            "\"2026-11-25T24:00:00Z\"",
            "\"2026-11-25T09:60:00Z\"",
            "\"2026-11-25T09:00:60Z\"",
            "\"2026-11-25T09:00:00\"",
            "\"2026-11-25 09:00:00Z\"",
            "\"+2026-11-25T09:00:00Z\"",
            "\"2026-11-25T09:00:00.000+05:30\"",
            "\"2026-11-26T09:00:00+23:59\"");

    private static final List<String> FIELDS = List.of(
            "event_id",
            "merchant_id",
            "type",
            "occurred_at",
            "customer_id",
            "anonymous_id",
            "amount",
            "currency",
            "dimensions",
            "properties",
            "colour",
            "received_at");
    private static final List<String> DIMENSION_NAMES =
            List.of("channel", "country", "device", "product_category", "payment_method", "location_id", "colour");

    @Test
    void randomMutationsOfGoodEventsHaveTheSameOutcomeBothWays() {
        Random random = new Random(20261125);
        for (int batch = 0; batch < 200; batch++) {
            List<String> events =
                    IntStream.range(0, 25).mapToObj(i -> mutate(random, i)).toList();
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
            String properties = IntStream.range(0, members)
                    .mapToObj(i -> "\"p" + i + "\":" + i)
                    .collect(Collectors.joining(","));
            assertSameOutcome(
                    GOOD.replace("{\"sku\":\"tea-1\",\"qty\":[1,{\"a\":2}]}", "{" + properties + "}"),
                    EventIntake.Framing.JSON,
                    platform);
        }
    }

    @Test
    void batchesAtTheSizeLimitAndOverItHaveTheSameOutcome() {
        for (int size : new int[] {1000, 1001}) {
            String events = IntStream.range(0, size)
                    .mapToObj(i -> GOOD.replace("\"e1\"", "\"e" + i + "\""))
                    .collect(Collectors.joining(","));
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

    /** Bytes a random edit puts into a body: JSON's punctuation, literals' and numbers' letters, UTF-8 and control bytes. */
    private static final byte[] EDIT_BYTES =
            concat("{}[],:\"\\ \n\t0123456789-+.eEtrufalsnbu/x".getBytes(StandardCharsets.US_ASCII), new byte[] {
                (byte) 0xC3, (byte) 0xA9, (byte) 0xE9, (byte) 0x80, (byte) 0xED, (byte) 0xA0, (byte) 0xF4, 0x01, 0x7F
            });

    /**
     * The fast path reads bytes itself, so its grammar must be JSON's exactly where it answers: a body one to three
     * random byte edits away from a good one (a byte deleted, inserted or replaced) is refused, or its events accepted
     * and reported, the same way as the original reading does it.
     */
    @Test
    void randomByteEditsOfGoodBodiesHaveTheSameOutcomeBothWays() {
        Random random = new Random(20261201);
        String withUnicode =
                GOOD.replace("\"tea-1\"", "\"chá \\u00e9\\n\uD83D\uDE00\"").replace("\"e1\"", "\"e2\"");
        byte[] document = ("{\"events\":[" + GOOD + ", " + withUnicode + "]}").getBytes(StandardCharsets.UTF_8);
        byte[] lines = (GOOD + "\n" + withUnicode + "\n").getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 4000; round++) {
            assertSameOutcome(edit(random, document), EventIntake.Framing.JSON, platform);
            assertSameOutcome(edit(random, lines), EventIntake.Framing.NDJSON, m1Writer);
        }
    }

    /** "/" spelt in three bytes: not UTF-8 (RFC 3629 allows only the shortest form), though some decoders read it. */
    private static final byte[] OVERLONG_SLASH = {'"', (byte) 0xE0, (byte) 0x80, (byte) 0xAF, '"'};

    private static final byte[] ENCODED_SURROGATE = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};

    /** JSON's grammar at its edges, right and wrong, as raw text (some of it not UTF-8, so as bytes). */
    private static final List<byte[]> GRAMMAR = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(
                                    "0",
                                    "-0",
                                    "01",
                                    "-01",
                                    "-",
                                    "+1",
                                    "1.",
                                    ".5",
                                    "1.5",
                                    "1e",
                                    "1e+",
                                    "1E-2",
                                    "1e+2",
                                    "0e0",
                                    "-0.0",
                                    "1.5e3x",
                                    "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                                    "1 2",
                                    "NaN",
                                    "Infinity",
                                    "true",
                                    "tru",
                                    "trueX",
                                    "True",
                                    "null",
                                    "nul",
                                    "false",
                                    "fals",
                                    "\"\\x\"",
                                    "\"\\u12\"",
                                    "\"\\u12G4\"",
                                    "\"\\u00e9\"",
                                    "\"\\/\"",
                                    "\"\\uD800\"",
                                    "\"\u0001\"",
                                    "\"\t\"",
                                    "\"\u007f\"",
                                    "\"a",
                                    "[1,]",
                                    "[,1]",
                                    "[1 2]",
                                    "[]",
                                    "[[]]",
                                    "{}",
                                    "{\"a\"}",
                                    "{\"a\":}",
                                    "{,}",
                                    "{\"a\":1,}",
                                    "{\"a\":1 \"b\":2}",
                                    "{\"a\":1,\"a\":2}",
                                    "{\"a\":{\"b\":1,\"b\":1}}",
                                    "{\"\\u0061\":1,\"a\":2}",
                                    "{\"é\":1,\"é\":2}",
                                    "{1:2}",
                                    "'a'",
                                    "\f1",
                                    "\u00a01",
                                    "[".repeat(70) + "]".repeat(70),
                                    "[".repeat(60) + "]".repeat(60),
                                    "[".repeat(100_000) + "]".repeat(100_000),
                                    "{\"a\":".repeat(70) + "1" + "}".repeat(70))
                            .map(v -> v.getBytes(StandardCharsets.UTF_8)),
                    java.util.stream.Stream.of(
                            new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'},
                            new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
                            new byte[] {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'},
                            new byte[] {'"', (byte) 0xE2, (byte) 0x82, '"'},
                            new byte[] {'"', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, '"'},
                            new byte[] {'"', (byte) 0xFF, '"'},
                            OVERLONG_SLASH,
                            new byte[] {'"', (byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF, '"'}))
            .toList();

    /** Each grammar edge as a free property, an unknown field, the amount, a dimension, an id and a batch element. */
    @Test
    void grammarEdgesHaveTheSameOutcomeBothWays() {
        byte[] good = GOOD.getBytes(StandardCharsets.UTF_8);
        for (byte[] value : GRAMMAR) {
            for (String slot : List.of("\"tea-1\"", "49900", "\"web\"", "\"e1\"", "\"c-17\"")) {
                byte[] event = replace(good, slot, value);
                assertSameOutcome(event, EventIntake.Framing.JSON, platform);
                assertSameOutcome(
                        concat(
                                concat("{\"events\":[".getBytes(StandardCharsets.UTF_8), event),
                                "]}".getBytes(StandardCharsets.UTF_8)),
                        EventIntake.Framing.JSON,
                        platform);
                assertSameOutcome(
                        concat(concat(good, "\n".getBytes(StandardCharsets.UTF_8)), event),
                        EventIntake.Framing.NDJSON,
                        platform);
            }
            byte[] unknownField = replace(
                    good,
                    "}}",
                    concat(
                            concat("},\"x\":".getBytes(StandardCharsets.UTF_8), value),
                            "}".getBytes(StandardCharsets.UTF_8)));
            assertSameOutcome(unknownField, EventIntake.Framing.JSON, platform);
            assertSameOutcome(
                    concat(
                            concat(("{\"events\":[" + GOOD + ",").getBytes(StandardCharsets.UTF_8), value),
                            "]}".getBytes(StandardCharsets.UTF_8)),
                    EventIntake.Framing.JSON,
                    platform);
        }
        for (String glue : List.of("", " ", "\f", "\u00a0", ",")) {
            assertSameOutcome(GOOD + glue + GOOD.replace("\"e1\"", "\"e2\""), EventIntake.Framing.NDJSON, platform);
        }
        assertSameOutcome(
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, good), EventIntake.Framing.JSON, platform);
    }

    /** {@code body} with the first occurrence of {@code text} replaced by {@code with}. */
    private static byte[] replace(byte[] body, String text, byte[] with) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + needle.length <= body.length; i++) {
            if (java.util.Arrays.equals(body, i, i + needle.length, needle, 0, needle.length)) {
                return concat(
                        concat(java.util.Arrays.copyOf(body, i), with),
                        java.util.Arrays.copyOfRange(body, i + needle.length, body.length));
            }
        }
        throw new IllegalArgumentException(text + " not in the body");
    }

    /** The agreement tests above prove nothing if the fast path never answers: it must, for plain bodies. */
    @Test
    void theFastPathAnswersForPlainBodiesAndIsCertainOfTheirGoodEvents() {
        EventScanner scanner = new EventScanner();
        EventScanner.Window window =
                new EventScanner.Window(NOW.minus(Duration.ofDays(90)), NOW.plus(Duration.ofMinutes(15)), platform);
        String unicode = GOOD.replace("\"tea-1\"", "\"chá \\u00e9 \\\" \uD83D\uDE00\"");
        for (String body :
                List.of(GOOD, "{\"events\":[" + GOOD + "," + unicode + "]}", " { \"events\" : [ " + GOOD + " ] } \n")) {
            var events = scanner.scan(body.getBytes(StandardCharsets.UTF_8), EventIntake.Framing.JSON, window);
            assertThat(events).as(body).isPresent();
            assertThat(events.get()).as(body).allMatch(EventScanner.ScannedEvent::certain);
        }
        var lines = scanner.scan(
                (GOOD + "\r\n" + unicode + "\n").getBytes(StandardCharsets.UTF_8), EventIntake.Framing.NDJSON, window);
        assertThat(lines).isPresent();
        assertThat(lines.get()).hasSize(2).allMatch(EventScanner.ScannedEvent::certain);
        String escapedId = GOOD.replace("\"e1\"", "\"e\\u0031\"");
        assertThat(scanner.scan(
                        ("{\"events\":[" + escapedId + "]}").getBytes(StandardCharsets.UTF_8),
                        EventIntake.Framing.JSON,
                        window))
                .as("an escape in event_id: answered, but left to the validator")
                .hasValueSatisfying(
                        events -> assertThat(events.get(0).certain()).isFalse());
        for (byte[] notUtf8 : List.of(OVERLONG_SLASH, ENCODED_SURROGATE)) {
            byte[] body = replace(GOOD.getBytes(StandardCharsets.UTF_8), "\"tea-1\"", notUtf8);
            assertThat(scanner.scan(body, EventIntake.Framing.JSON, window))
                    .as("bytes that are not UTF-8 never reach Kafka as sent: the original way decides")
                    .isEmpty();
        }
    }

    private static byte[] edit(Random random, byte[] body) {
        byte[] edited = body;
        for (int e = 1 + random.nextInt(3); e > 0; e--) {
            int at = random.nextInt(edited.length);
            byte replacement = EDIT_BYTES[random.nextInt(EDIT_BYTES.length)];
            edited = switch (random.nextInt(3)) {
                case 0 ->
                    concat(
                            java.util.Arrays.copyOf(edited, at),
                            java.util.Arrays.copyOfRange(edited, at + 1, edited.length));
                case 1 ->
                    concat(
                            java.util.Arrays.copyOf(edited, at),
                            concat(new byte[] {replacement}, java.util.Arrays.copyOfRange(edited, at, edited.length)));
                default -> {
                    byte[] replaced = edited.clone();
                    replaced[at] = replacement;
                    yield replaced;
                }
            };
        }
        return edited;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    @Test
    void anEventTheFastPathIsSureOfIsWrittenAsSentWithReceivedAtLast() {
        String spaced = GOOD.replace(",\"customer_id\"", " ,  \"customer_id\"");
        var result = fast.read(spaced.getBytes(StandardCharsets.UTF_8), platform);
        assertThat(new String(result.valid().get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo(spaced.substring(0, spaced.length() - 1) + ",\"received_at\":\"2026-11-25T10:00:00Z\"}");
    }

    @Test
    void withAPseudonymKeyBothWaysPublishTheSamePseudonymsAndNeverTheIdentifiers() {
        Random random = new Random(20261205);
        for (int batch = 0; batch < 100; batch++) {
            List<String> events =
                    IntStream.range(0, 25).mapToObj(i -> mutate(random, i)).toList();
            byte[] body = ("{\"events\":[" + String.join(",", events) + "]}").getBytes(StandardCharsets.UTF_8);
            Outcome expected = outcome(originalPseudonymous, body, EventIntake.Framing.JSON, platform);
            assertThat(outcome(fastPseudonymous, body, EventIntake.Framing.JSON, platform))
                    .as(new String(body, StandardCharsets.UTF_8))
                    .isEqualTo(expected);
        }
        String both = GOOD.replace("\"customer_id\":\"c-17\"", "\"anonymous_id\":\"anon-9\",\"customer_id\":\"c-17\"");
        for (EventIntake intake : List.of(fastPseudonymous, originalPseudonymous)) {
            var written = intake.read(both.getBytes(StandardCharsets.UTF_8), platform)
                    .valid()
                    .get(0);
            JsonNode event = tree(new String(written.value(), StandardCharsets.UTF_8));
            Pseudonymizer pseudonymizer = KEY.pseudonymizer();
            assertThat(event.path("customer_id").asText()).isEqualTo(pseudonymizer.pseudonym("m1", "c-17"));
            assertThat(event.path("anonymous_id").asText()).isEqualTo(pseudonymizer.pseudonym("m1", "anon-9"));
            assertThat(new String(written.value(), StandardCharsets.UTF_8)).doesNotContain("c-17", "anon-9");
            assertThat(event.path("amount").asLong()).as("the rest as sent").isEqualTo(49900);
        }
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
                case 1 ->
                    extra.append(",\"").append(field).append("\":").append(VALUES.get(random.nextInt(VALUES.size())));
                case 2 -> {
                    var dimensions = object.putObject("dimensions");
                    for (int d = random.nextInt(3); d > 0; d--) {
                        dimensions.set(
                                DIMENSION_NAMES.get(random.nextInt(DIMENSION_NAMES.size())),
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
    private record Outcome(String refusal, List<String> accepted, List<IngestResult.EventError> errors) {}

    private static Outcome outcome(EventIntake intake, byte[] body, EventIntake.Framing framing, Identity caller) {
        List<EventIntake.Intake> result = new ArrayList<>(1);
        Throwable thrown = catchThrowable(() -> result.add(intake.read(body, framing, caller)));
        if (thrown != null) {
            InsightsException refusal = (InsightsException) thrown;
            return new Outcome(
                    refusal.code() + " " + refusal.field() + " " + refusal.getMessage(), List.of(), List.of());
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

    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT =
            Json.mapper().copy().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

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
