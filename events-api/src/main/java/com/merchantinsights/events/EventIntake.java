package com.merchantinsights.events;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
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
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a request body into the events to publish and the per-event errors. Each invalid event gets its own
 * error; the valid events of the same batch are still accepted; a repeated event_id inside one batch is
 * reported and written once. A body that cannot be read at all (bad JSON, bad UTF-8, too many events) is
 * refused whole, and nothing of it is written.
 */
final class EventIntake {
    static final int MAX_EVENTS = 1000;

    /** How the body is framed. */
    enum Framing { JSON, NDJSON }

    private final ObjectMapper mapper = Json.mapper();
    private final EventSchema schema = new EventSchema();
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
        return read(body, Framing.JSON, caller);
    }

    Intake read(byte[] body, Framing framing, Identity caller) {
        List<JsonNode> events = framing == Framing.NDJSON ? parseLines(body) : parseDocument(body);
        if (events.isEmpty()) {
            throw new InsightsException(ErrorCode.EMPTY_BATCH, null, "events");
        }
        if (events.size() > MAX_EVENTS) {
            throw new InsightsException(ErrorCode.TOO_MANY_EVENTS,
                    "A request may carry at most " + MAX_EVENTS + " events; this one has " + events.size(), "events");
        }
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
            ((ObjectNode) node).put(EventFields.RECEIVED_AT, receivedAt);
            try {
                valid.add(new ValidatedEvent(i, eventId, merchantId, mapper.writeValueAsBytes(node)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Intake(valid, errors);
    }

    private List<JsonNode> parseDocument(byte[] body) {
        JsonNode root = parse(() -> mapper.readTree(body));
        if (root == null || !root.isObject()) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON, "The body must be one event object or {\"events\": [...]}.", null);
        }
        if (!root.has("events")) {
            return List.of(root);
        }
        JsonNode array = root.get("events");
        if (!array.isArray() || root.size() != 1) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON,
                    "A batch is {\"events\": [...]} with nothing else beside the array.", "events");
        }
        List<JsonNode> events = new ArrayList<>(array.size());
        array.forEach(events::add);
        return events;
    }

    private List<JsonNode> parseLines(byte[] body) {
        return parse(() -> {
            List<JsonNode> events = new ArrayList<>();
            try (MappingIterator<JsonNode> lines = mapper.readerFor(JsonNode.class).readValues(body)) {
                while (lines.hasNextValue()) {
                    events.add(lines.nextValue());
                    if (events.size() > MAX_EVENTS) {
                        break; // no need to parse the rest of an oversized batch
                    }
                }
            }
            return events;
        });
    }

    /** Parsing failures become catalogued errors; invalid UTF-8 is told apart from invalid JSON. */
    private static <T> T parse(IoSupplier<T> parser) {
        try {
            return parser.get();
        } catch (JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Invalid UTF-8")) {
                throw new InsightsException(ErrorCode.INVALID_ENCODING, null, null);
            }
            throw new InsightsException(ErrorCode.MALFORMED_JSON, "The request body is not valid JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr(), null);
        } catch (JsonProcessingException e) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON, "The request body is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON, null, null);
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    Optional<Violation> check(JsonNode node, Identity caller, Instant now) {
        Optional<Violation> violation = schema.check(node)
                .or(() -> EventRules.parseOccurredAt(node.get(EventFields.OCCURRED_AT).asText(), now, futureTolerance, horizon)
                        .violation())
                .or(() -> node.has(EventFields.CURRENCY)
                        ? EventRules.checkCurrency(node.get(EventFields.CURRENCY).asText()) : Optional.empty());
        if (violation.isPresent()) {
            return violation;
        }
        MerchantId merchant = new MerchantId(node.get(EventFields.MERCHANT_ID).asText());
        if (!caller.mayWrite(merchant)) {
            return Optional.of(new Violation(EventFields.MERCHANT_ID, ErrorCode.MERCHANT_FORBIDDEN.code(),
                    "this API key may not write events for merchant " + merchant));
        }
        return Optional.empty();
    }
}
