package com.merchantinsights.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.EventErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.CurrencyUnits;
import com.merchantinsights.core.event.EventFields;
import com.merchantinsights.core.event.EventRules.Violation;
import com.merchantinsights.core.event.EventType;
import com.merchantinsights.core.event.SegmentNames;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.privacy.Pseudonymizer;
import com.merchantinsights.service.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Segment's HTTP Tracking API ({@code /v1/track, /page, /identify, /batch, /import}) mapped onto our event
 * contract (docs/event-contract.md, docs/segment.md). Segment's SDKs retry on 5xx and 429 only, so a message that
 * breaks one of our rules is not answered with an error but kept as a dead letter with its reason. With a pseudonym
 * key, {@code userId} and {@code anonymousId} are published as the pseudonyms {@code /v1/events} publishes for them
 * (the same {@link EventIntake}), and a dead letter keeps the message with pseudonyms in their place (decision 0053).
 */
final class SegmentIntake {
    /** Segment's e-commerce spec leaves currency optional and defaults it to USD. */
    static final String DEFAULT_CURRENCY = "USD";

    static final EventType IDENTIFY = new EventType("customer.identified");

    /** A message's fields that name a person: {@code userId}, {@code anonymousId}, an alias call's {@code previousId}. */
    static final List<String> PERSON_FIELDS = List.of("userId", "anonymousId", "previousId");

    private final ObjectMapper mapper = Json.mapper();
    private final EventIntake rules;
    private final Clock clock;

    SegmentIntake(EventIntake rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    /** What to publish: mapped events and dead letters (both keyed for Kafka). */
    record Intake(List<ValidatedEvent> events, List<ValidatedEvent> deadLetters) {}

    Intake read(byte[] body, String call, Identity caller) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON, null, null);
        }
        if (root == null || !root.isObject()) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON, "The body must be a JSON object.", null);
        }
        List<JsonNode> messages = new ArrayList<>();
        if (call.equals("batch") || call.equals("import")) {
            if (!root.path("batch").isArray()) {
                throw new InsightsException(
                        ErrorCode.MALFORMED_JSON, "A batch call carries {\"batch\": [...]}.", "batch");
            }
            root.get("batch").forEach(messages::add);
        } else {
            messages.add(root);
        }
        if (messages.size() > EventIntake.MAX_EVENTS) {
            throw new InsightsException(ErrorCode.TOO_MANY_EVENTS, null, "batch");
        }
        Instant receivedAt = clock.instant();
        List<ValidatedEvent> events = new ArrayList<>();
        List<ValidatedEvent> deadLetters = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String kind = message.path("type").asText(call);
            Mapped mapped = map(message, kind, root, caller, receivedAt);
            Optional<Violation> violation =
                    mapped.violation().or(() -> rules.check(mapped.event(), caller, receivedAt));
            if (violation.isPresent()) {
                deadLetters.add(deadLetter(i, message, mapped.event(), violation.get(), receivedAt));
            } else {
                String merchantId = mapped.event().get(EventFields.MERCHANT_ID).asText();
                rules.pseudonymize(mapped.event(), merchantId);
                mapped.event().put(EventFields.RECEIVED_AT, receivedAt.toString());
                events.add(new ValidatedEvent(
                        i, mapped.event().get(EventFields.EVENT_ID).asText(), merchantId, bytes(mapped.event())));
            }
        }
        return new Intake(events, deadLetters);
    }

    private record Mapped(ObjectNode event, Optional<Violation> violation) {
        static Mapped broken(ObjectNode event, String field, EventErrorCode code, String message) {
            return new Mapped(event, Optional.of(new Violation(field, code, message)));
        }
    }

    private Mapped map(JsonNode message, String kind, JsonNode root, Identity caller, Instant receivedAt) {
        ObjectNode event = mapper.createObjectNode();
        if (!message.isObject()) {
            return Mapped.broken(event, "", EventErrorCode.INVALID_TYPE, "a Segment message must be a JSON object");
        }
        if (message.hasNonNull("messageId")) {
            event.put(EventFields.EVENT_ID, message.get("messageId").asText());
        }
        JsonNode context = message.path("context").isObject() ? message.get("context") : root.path("context");
        Optional<String> merchant = caller.merchant()
                .map(Object::toString)
                .or(() -> Optional.ofNullable(context.path("merchant_id").textValue()));
        merchant.ifPresent(m -> event.put(EventFields.MERCHANT_ID, m));
        switch (kind) {
            case "track" -> {
                if (!message.path("event").isTextual()) {
                    return Mapped.broken(
                            event, "event", EventErrorCode.MISSING_FIELD, "a track call needs its event name");
                }
                event.put(
                        EventFields.TYPE,
                        SegmentNames.trackType(message.get("event").asText()).value());
            }
            case "page", "screen" -> event.put(EventFields.TYPE, EventType.PAGE_VIEWED.value());
            case "identify" -> event.put(EventFields.TYPE, IDENTIFY.value());
            default -> {
                return Mapped.broken(
                        event, "type", EventErrorCode.UNSUPPORTED_CALL, "Segment " + kind + " calls are not collected");
            }
        }
        Optional<OffsetDateTime> time = occurredAt(message, root, receivedAt);
        if (time.isEmpty()) {
            return Mapped.broken(
                    event,
                    "timestamp",
                    EventErrorCode.INVALID_TIMESTAMP,
                    "timestamp and sentAt must be ISO 8601 date-times");
        }
        event.put(EventFields.OCCURRED_AT, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.get()));
        putText(event, EventFields.CUSTOMER_ID, message.get("userId"));
        putText(event, EventFields.ANONYMOUS_ID, message.get("anonymousId"));
        JsonNode properties = kind.equals("identify") ? message.path("traits") : message.path("properties");
        ObjectNode dimensions = mapper.createObjectNode();
        putText(dimensions, "channel", message.get("channel"));
        putText(dimensions, "country", context.path("location").get("country"));
        putText(dimensions, "device", context.path("device").get("type"));
        putText(dimensions, "product_category", properties.get("category"));
        putText(dimensions, "payment_method", properties.get("payment_method"));
        if (!dimensions.isEmpty()) {
            event.set(EventFields.DIMENSIONS, dimensions);
        }
        if (properties.isObject() && !properties.isEmpty()) {
            event.set(EventFields.PROPERTIES, properties.deepCopy());
        }
        return amount(event, properties);
    }

    /** Decimal {@code revenue} (or {@code total}) in major units becomes integer minor units of its currency. */
    private static Mapped amount(ObjectNode event, JsonNode properties) {
        JsonNode value = properties.hasNonNull("revenue") ? properties.get("revenue") : properties.get("total");
        if (value == null || value.isNull()) {
            return new Mapped(event, Optional.empty());
        }
        if (!value.isNumber()) {
            return Mapped.broken(
                    event, "properties.revenue", EventErrorCode.INVALID_AMOUNT, "revenue must be a number");
        }
        String currency = properties.path("currency").asText(DEFAULT_CURRENCY).toUpperCase(java.util.Locale.ROOT);
        BigDecimal major = value.decimalValue();
        Optional<Long> minor = CurrencyUnits.toMinorUnits(major, currency);
        if (minor.isEmpty()) {
            EventErrorCode code = CurrencyUnits.exponent(currency).isPresent()
                    ? EventErrorCode.INVALID_AMOUNT
                    : EventErrorCode.INVALID_CURRENCY;
            return Mapped.broken(
                    event,
                    "properties.revenue",
                    code,
                    "revenue " + major.toPlainString() + " cannot be expressed exactly in minor units of " + currency);
        }
        event.put(EventFields.AMOUNT, minor.get());
        event.put(EventFields.CURRENCY, currency);
        return new Mapped(event, Optional.empty());
    }

    private static Optional<OffsetDateTime> occurredAt(JsonNode message, JsonNode root, Instant receivedAt) {
        try {
            String stamp = message.hasNonNull("timestamp")
                    ? message.get("timestamp").asText()
                    : message.path("originalTimestamp").textValue();
            if (stamp == null) {
                return Optional.of(receivedAt.atOffset(ZoneOffset.UTC));
            }
            String sent = message.hasNonNull("sentAt")
                    ? message.get("sentAt").asText()
                    : root.path("sentAt").textValue();
            Instant corrected = SegmentNames.correctedTimestamp(
                    OffsetDateTime.parse(stamp).toInstant(),
                    sent == null ? null : OffsetDateTime.parse(sent).toInstant(),
                    receivedAt);
            return Optional.of(corrected.atOffset(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private ValidatedEvent deadLetter(
            int index, JsonNode message, ObjectNode mapped, Violation violation, Instant receivedAt) {
        JsonNode payload = message.deepCopy();
        if (payload.path("context").isObject()) {
            ((ObjectNode) payload.get("context")).remove("ip"); // no IP address is stored unless configured
        }
        String merchantId = mapped.path(EventFields.MERCHANT_ID).textValue();
        ObjectNode letter = mapper.createObjectNode();
        String id = UUID.randomUUID().toString();
        letter.put(DeadLetterFields.DEAD_LETTER_ID, id);
        letter.put(DeadLetterFields.SOURCE, "segment");
        letter.put(DeadLetterFields.KIND, DeadLetterFields.KIND_REJECTED);
        letter.put(DeadLetterFields.CODE, violation.code().code());
        letter.put(DeadLetterFields.FIELD, violation.field());
        letter.put(DeadLetterFields.REASON, violation.message());
        letter.put(DeadLetterFields.MERCHANT_ID, merchantId);
        letter.put(DeadLetterFields.EVENT_ID, mapped.path(EventFields.EVENT_ID).textValue());
        letter.put(DeadLetterFields.RECEIVED_AT, receivedAt.toString());
        if (rules.pseudonymizer().isEmpty()) {
            letter.set(DeadLetterFields.PAYLOAD, payload);
        } else if (payload.isObject()) {
            letter.set(DeadLetterFields.PAYLOAD, pseudonymized((ObjectNode) payload, merchantId));
        } // else: a message that is not an object has no field to key; with a key it is not kept
        return new ValidatedEvent(index, id, merchantId == null ? "" : merchantId, bytes(letter));
    }

    /**
     * The kept message with each identifier replaced by its pseudonym under the letter's merchant, the one an event of
     * it carries (so that an erasure finds the letter); an identifier that cannot be keyed — no merchant, or not a
     * scalar — is dropped.
     */
    private ObjectNode pseudonymized(ObjectNode payload, String merchantId) {
        Pseudonymizer pseudonymizer = rules.pseudonymizer().orElseThrow();
        for (String field : PERSON_FIELDS) {
            JsonNode value = payload.get(field);
            if (value == null) {
                continue;
            }
            if (merchantId != null && value.isValueNode() && !value.isNull()) {
                payload.put(field, pseudonymizer.pseudonym(merchantId, value.asText()));
            } else {
                payload.remove(field);
            }
        }
        return payload;
    }

    private static void putText(ObjectNode target, String field, JsonNode value) {
        if (value != null
                && value.isValueNode()
                && !value.isNull()
                && !value.asText().isEmpty()) {
            target.put(field, value.asText());
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
