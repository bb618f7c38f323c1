package com.merchantinsights.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.EventFields;
import com.merchantinsights.core.event.EventRules;
import com.merchantinsights.core.event.EventRules.Violation;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.service.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a request body into the events to publish and the per-event errors. Each invalid event gets its own
 * error; the valid events of the same batch are still accepted; a repeated event_id inside one batch is
 * reported and written once.
 */
final class EventIntake {
    static final int MAX_EVENTS = 1000;
    private static final Set<String> KNOWN_FIELDS = Set.of(EventFields.EVENT_ID, EventFields.MERCHANT_ID,
            EventFields.TYPE, EventFields.OCCURRED_AT, EventFields.CUSTOMER_ID, EventFields.ANONYMOUS_ID,
            EventFields.AMOUNT, EventFields.CURRENCY, EventFields.DIMENSIONS, EventFields.PROPERTIES);

    private final ObjectMapper mapper = Json.mapper();
    private final Clock clock;
    private final Duration futureTolerance;
    private final Duration horizon;

    EventIntake(Clock clock, Duration futureTolerance, Duration horizon) {
        this.clock = clock;
        this.futureTolerance = futureTolerance;
        this.horizon = horizon;
    }

    /** The parsed request: what to publish and what was rejected. */
    record Intake(List<ValidatedEvent> valid, List<IngestResult.EventError> errors) {
    }

    Intake read(byte[] body, Identity caller) {
        List<JsonNode> events = parseEvents(body);
        Instant now = clock.instant();
        String receivedAt = now.toString();
        List<ValidatedEvent> valid = new ArrayList<>(events.size());
        List<IngestResult.EventError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode node = events.get(i);
            String eventId = node.path(EventFields.EVENT_ID).isTextual() ? node.get(EventFields.EVENT_ID).asText() : null;
            Optional<Violation> violation = check(node, caller, now);
            if (violation.isPresent()) {
                Violation v = violation.get();
                errors.add(new IngestResult.EventError(i, eventId, v.field(), v.code(), v.message()));
                continue;
            }
            String merchantId = node.get(EventFields.MERCHANT_ID).asText();
            if (!seen.add(merchantId + "\u0000" + eventId)) {
                errors.add(new IngestResult.EventError(i, eventId, EventFields.EVENT_ID, "duplicate_in_batch",
                        "this event_id appears earlier in the same request; it is written once"));
                continue;
            }
            ObjectNode value = ((ObjectNode) node).deepCopy();
            value.put(EventFields.RECEIVED_AT, receivedAt);
            try {
                valid.add(new ValidatedEvent(i, eventId, merchantId, mapper.writeValueAsBytes(value)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Intake(valid, errors);
    }

    private List<JsonNode> parseEvents(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON, "The request body is not valid JSON: "
                    + e.getOriginalMessage(), null);
        } catch (java.io.IOException e) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON, null, null);
        }
        if (root == null || !root.isObject()) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON, "The body must be one event object or {\"events\": [...]}.", null);
        }
        List<JsonNode> events = new ArrayList<>();
        if (root.has("events")) {
            JsonNode array = root.get("events");
            if (!array.isArray()) {
                throw new InsightsException(ErrorCode.INVALID_FIELD, "events must be an array", "events");
            }
            if (array.isEmpty()) {
                throw new InsightsException(ErrorCode.INVALID_FIELD, "events must not be empty", "events");
            }
            if (array.size() > MAX_EVENTS) {
                throw new InsightsException(ErrorCode.INVALID_FIELD,
                        "at most " + MAX_EVENTS + " events per request", "events");
            }
            array.forEach(events::add);
        } else {
            events.add(root);
        }
        return events;
    }

    private Optional<Violation> check(JsonNode node, Identity caller, Instant now) {
        if (!node.isObject()) {
            return Optional.of(new Violation("", "invalid_field", "an event must be a JSON object"));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN_FIELDS.contains(name)) {
                return Optional.of(new Violation(name, "unknown_field", "unknown field; free data goes in properties"));
            }
        }
        for (String required : List.of(EventFields.EVENT_ID, EventFields.MERCHANT_ID, EventFields.TYPE, EventFields.OCCURRED_AT)) {
            if (!node.hasNonNull(required)) {
                return Optional.of(new Violation(required, "missing_field", required + " is required"));
            }
            if (!node.get(required).isTextual()) {
                return Optional.of(new Violation(required, "invalid_type", required + " must be a string"));
            }
        }
        Optional<Violation> v = EventRules.checkEventId(node.get(EventFields.EVENT_ID).asText())
                .or(() -> EventRules.checkMerchantId(node.get(EventFields.MERCHANT_ID).asText()))
                .or(() -> EventRules.checkType(node.get(EventFields.TYPE).asText()))
                .or(() -> EventRules.parseOccurredAt(node.get(EventFields.OCCURRED_AT).asText(), now, futureTolerance, horizon).violation())
                .or(() -> checkAmount(node))
                .or(() -> checkDimensions(node));
        if (v.isPresent()) {
            return v;
        }
        MerchantId merchant = new MerchantId(node.get(EventFields.MERCHANT_ID).asText());
        if (!caller.mayWrite(merchant)) {
            return Optional.of(new Violation(EventFields.MERCHANT_ID, ErrorCode.MERCHANT_FORBIDDEN.code(),
                    "this API key may not write events for merchant " + merchant));
        }
        return Optional.empty();
    }

    private static Optional<Violation> checkAmount(JsonNode node) {
        JsonNode amount = node.get(EventFields.AMOUNT);
        JsonNode currency = node.get(EventFields.CURRENCY);
        if (amount == null || amount.isNull()) {
            return currency == null || currency.isNull() ? Optional.empty()
                    : Optional.of(new Violation(EventFields.AMOUNT, "missing_field", "currency needs an amount"));
        }
        if (!amount.isIntegralNumber() || !amount.canConvertToLong()) {
            return Optional.of(new Violation(EventFields.AMOUNT, "invalid_amount",
                    "amount is an integer in the currency's minor units (e.g. 12345 for INR 123.45)"));
        }
        if (amount.asLong() < 0) {
            return Optional.of(new Violation(EventFields.AMOUNT, "invalid_amount", "amount must not be negative"));
        }
        if (currency == null || !currency.isTextual()) {
            return Optional.of(new Violation(EventFields.CURRENCY, "missing_field", "an amount needs its currency"));
        }
        return EventRules.checkCurrencyShape(currency.asText());
    }

    private static Optional<Violation> checkDimensions(JsonNode node) {
        JsonNode dims = node.get(EventFields.DIMENSIONS);
        if (dims == null || dims.isNull()) {
            return Optional.empty();
        }
        if (!dims.isObject()) {
            return Optional.of(new Violation(EventFields.DIMENSIONS, "invalid_type", "dimensions must be an object"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = dims.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Optional<Violation> v = EventRules.checkDimension(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : null);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }
}
