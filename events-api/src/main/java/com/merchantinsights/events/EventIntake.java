package com.merchantinsights.events;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.EventErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.EventFields;
import com.merchantinsights.core.event.EventRules;
import com.merchantinsights.core.event.EventRules.Violation;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.privacy.PseudonymKey;
import com.merchantinsights.core.privacy.Pseudonymizer;
import com.merchantinsights.service.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request body into the events to publish and the per-event errors. Each invalid event gets its own
 * error; the valid events of the same batch are still accepted; a repeated event_id inside one batch is
 * reported and written once. A body that cannot be read at all (bad JSON, bad UTF-8, too many events) is
 * refused whole, and nothing of it is written.
 *
 * <p>Two ways through, with one outcome (docs/decisions/0007-ingest-hot-path.md): the {@link EventScanner} reads a
 * plain body in one streaming pass and passes the events it is certain of with their bytes as sent; every other
 * event, and every body it cannot vouch for, goes through the original way: a Jackson tree checked by the published
 * schema (networknt) and the event rules, which stay the authority for what is valid and for every error.
 */
final class EventIntake {
    static final int MAX_EVENTS = 1000;

    /** The fields that identify a person: published as pseudonyms when a key is configured. */
    static final List<String> PERSON_FIELDS = List.of(EventFields.CUSTOMER_ID, EventFields.ANONYMOUS_ID);

    /** How the body is framed. */
    enum Framing {
        JSON,
        NDJSON
    }

    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);

    private final ObjectMapper mapper = Json.mapper();
    private final EventSchema schema = new EventSchema();
    /** Null when the fast path is off: asked for, or the schema is not the one the scanner was written for. */
    private final EventScanner scanner;

    /** One per request thread: a Pseudonymizer keeps MACs of its own. */
    private final Optional<ThreadLocal<Pseudonymizer>> pseudonymizers;

    private final Clock clock;
    private final Duration futureTolerance;
    private final Duration horizon;

    EventIntake(Clock clock, Duration futureTolerance, Duration horizon) {
        this(clock, futureTolerance, horizon, true);
    }

    /** With {@code fastPath} false every event takes the original way (what the fast path is tested against). */
    EventIntake(Clock clock, Duration futureTolerance, Duration horizon, boolean fastPath) {
        this(clock, futureTolerance, horizon, fastPath, Optional.empty());
    }

    /**
     * With a pseudonym key, every accepted event's {@code customer_id} and {@code anonymous_id} are replaced by their
     * pseudonyms before the event is published (issue 23, decision 0053): after the rules saw them as sent, before
     * anything stores them.
     */
    EventIntake(
            Clock clock,
            Duration futureTolerance,
            Duration horizon,
            boolean fastPath,
            Optional<PseudonymKey> pseudonymKey) {
        this.pseudonymizers = pseudonymKey.map(key -> ThreadLocal.withInitial(key::pseudonymizer));
        this.clock = clock;
        this.futureTolerance = futureTolerance;
        this.horizon = horizon;
        boolean schemaKnown = schema.sha256().equals(EventScanner.SCHEMA_SHA256);
        if (fastPath && !schemaKnown) {
            LOG.warn(
                    "{} changed (SHA-256 {}); the ingest fast path is off until EventScanner is reviewed against it",
                    EventSchema.RESOURCE,
                    schema.sha256());
        }
        this.scanner = fastPath && schemaKnown ? new EventScanner() : null;
    }

    /** The parsed request: what to publish and what was rejected. */
    record Intake(List<ValidatedEvent> valid, List<IngestResult.EventError> errors) {}

    Intake read(byte[] body, Identity caller) {
        return read(body, Framing.JSON, caller);
    }

    Intake read(byte[] body, Framing framing, Identity caller) {
        Instant now = clock.instant();
        if (scanner != null) {
            Optional<List<EventScanner.ScannedEvent>> scanned = scanner.scan(
                    body, framing, new EventScanner.Window(now.minus(horizon), now.plus(futureTolerance), caller));
            if (scanned.isPresent()) {
                return readScanned(body, scanned.get(), caller, now);
            }
        }
        List<JsonNode> events = framing == Framing.NDJSON ? parseLines(body) : parseDocument(body);
        if (events.isEmpty()) {
            throw new InsightsException(ErrorCode.EMPTY_BATCH, null, "events");
        }
        if (events.size() > MAX_EVENTS) {
            throw new InsightsException(
                    ErrorCode.TOO_MANY_EVENTS,
                    "A request may carry at most " + MAX_EVENTS + " events; this one has " + events.size(),
                    "events");
        }
        Batch batch = new Batch(events.size(), now);
        for (int i = 0; i < events.size(); i++) {
            admit(i, events.get(i), caller, batch);
        }
        return batch.intake();
    }

    /**
     * The scanner's events: a certain one is written as its client sent it, with received_at appended as the last
     * field; any other is parsed on its own and takes the original way.
     */
    private Intake readScanned(byte[] body, List<EventScanner.ScannedEvent> events, Identity caller, Instant now) {
        Batch batch = new Batch(events.size(), now);
        byte[] receivedAt =
                (",\"" + EventFields.RECEIVED_AT + "\":\"" + batch.receivedAt + "\"}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < events.size(); i++) {
            EventScanner.ScannedEvent event = events.get(i);
            if (!event.certain()) {
                admit(i, parse(() -> mapper.readTree(body, event.start(), event.end() - event.start())), caller, batch);
            } else if (batch.firstInBatch(i, event.merchantId(), event.eventId())) {
                // The event's bytes up to its closing brace, then received_at and the brace.
                byte[] value = pseudonymizers.isPresent() && event.identifiers().length > 0
                        ? pseudonymized(body, event, receivedAt)
                        : asSent(body, event, receivedAt);
                batch.valid.add(new ValidatedEvent(i, event.eventId(), event.merchantId(), value));
            }
        }
        return batch.intake();
    }

    private static byte[] asSent(byte[] body, EventScanner.ScannedEvent event, byte[] receivedAt) {
        int length = event.end() - 1 - event.start();
        byte[] value = new byte[length + receivedAt.length];
        System.arraycopy(body, event.start(), value, 0, length);
        System.arraycopy(receivedAt, 0, value, length, receivedAt.length);
        return value;
    }

    /**
     * As sent, each identifier's value replaced by its pseudonym (plain ASCII both: no escaping either way), written
     * straight into the one array published.
     */
    private byte[] pseudonymized(byte[] body, EventScanner.ScannedEvent event, byte[] receivedAt) {
        Pseudonymizer pseudonymizer = pseudonymizers.orElseThrow().get();
        int[] spans = event.identifiers();
        int length = event.end() - 1 - event.start() + receivedAt.length;
        for (int k = 0; k < spans.length; k += 2) {
            int sent = spans[k + 1] - spans[k];
            length += (Pseudonymizer.isPseudonym(body, spans[k], sent) ? sent : pseudonymizer.length()) - sent;
        }
        byte[] value = new byte[length];
        int from = event.start();
        int to = 0;
        for (int k = 0; k < spans.length; k += 2) {
            System.arraycopy(body, from, value, to, spans[k] - from);
            to += spans[k] - from;
            to = pseudonymizer.pseudonymInto(event.merchantId(), body, spans[k], spans[k + 1] - spans[k], value, to);
            from = spans[k + 1];
        }
        System.arraycopy(body, from, value, to, event.end() - 1 - from);
        System.arraycopy(receivedAt, 0, value, value.length - receivedAt.length, receivedAt.length);
        return value;
    }

    /** An event's identity within a request. */
    private record EventKey(String merchantId, String eventId) {}

    /** What one request has produced so far. */
    private static final class Batch {
        final List<ValidatedEvent> valid;
        final List<IngestResult.EventError> errors = new ArrayList<>();
        final Set<EventKey> seen;
        final Instant now;
        final String receivedAt;

        Batch(int size, Instant now) {
            this.valid = new ArrayList<>(size);
            this.seen = new HashSet<>(size * 2);
            this.now = now;
            this.receivedAt = now.toString();
        }

        /** False, with the error recorded, when the same event came earlier in this request. */
        boolean firstInBatch(int index, String merchantId, String eventId) {
            if (seen.add(new EventKey(merchantId, eventId))) {
                return true;
            }
            errors.add(new IngestResult.EventError(
                    index,
                    eventId,
                    EventFields.EVENT_ID,
                    EventErrorCode.DUPLICATE_IN_BATCH.code(),
                    "this event_id appears earlier in the same request; it is written once"));
            return false;
        }

        Intake intake() {
            errors.sort(java.util.Comparator.comparingInt(IngestResult.EventError::index));
            return new Intake(valid, errors);
        }
    }

    /** The original way for one event: the schema, the rules, the duplicate check, then the re-serialised tree. */
    private void admit(int index, JsonNode node, Identity caller, Batch batch) {
        String eventId = node.path(EventFields.EVENT_ID).isTextual()
                ? node.get(EventFields.EVENT_ID).asText()
                : null;
        Optional<Violation> violation = check(node, caller, batch.now);
        if (violation.isPresent()) {
            Violation v = violation.get();
            batch.errors.add(new IngestResult.EventError(
                    index, eventId, v.field(), v.code().code(), v.message()));
            return;
        }
        String merchantId = node.get(EventFields.MERCHANT_ID).asText();
        if (!batch.firstInBatch(index, merchantId, eventId)) {
            return;
        }
        pseudonymize((ObjectNode) node, merchantId);
        ((ObjectNode) node).put(EventFields.RECEIVED_AT, batch.receivedAt);
        try {
            batch.valid.add(new ValidatedEvent(index, eventId, merchantId, mapper.writeValueAsBytes(node)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * With a key, replaces an accepted event's {@code customer_id} and {@code anonymous_id} by their pseudonyms; the
     * Segment route maps its messages through this too, so both routes publish the same pseudonym for one person.
     */
    void pseudonymize(ObjectNode event, String merchantId) {
        pseudonymizer().ifPresent(pseudonymizer -> {
            for (String field : PERSON_FIELDS) {
                if (event.path(field).isTextual()) {
                    event.put(
                            field,
                            pseudonymizer.pseudonym(merchantId, event.get(field).asText()));
                }
            }
        });
    }

    /** This thread's pseudonymizer, when a key is configured. */
    Optional<Pseudonymizer> pseudonymizer() {
        return pseudonymizers.map(ThreadLocal::get);
    }

    private List<JsonNode> parseDocument(byte[] body) {
        JsonNode root = parse(() -> mapper.readTree(body));
        if (root == null || !root.isObject()) {
            throw new InsightsException(
                    ErrorCode.MALFORMED_JSON, "The body must be one event object or {\"events\": [...]}.", null);
        }
        if (!root.has("events")) {
            return List.of(root);
        }
        JsonNode array = root.get("events");
        if (!array.isArray() || root.size() != 1) {
            throw new InsightsException(
                    ErrorCode.MALFORMED_JSON,
                    "A batch is {\"events\": [...]} with nothing else beside the array.",
                    "events");
        }
        List<JsonNode> events = new ArrayList<>(array.size());
        array.forEach(events::add);
        return events;
    }

    private List<JsonNode> parseLines(byte[] body) {
        return parse(() -> {
            List<JsonNode> events = new ArrayList<>();
            try (MappingIterator<JsonNode> lines =
                    mapper.readerFor(JsonNode.class).readValues(body)) {
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
            throw new InsightsException(
                    ErrorCode.MALFORMED_JSON,
                    "The request body is not valid JSON: "
                            + e.getOriginalMessage() + " at line "
                            + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr(),
                    null);
        } catch (JsonProcessingException e) {
            throw new InsightsException(
                    ErrorCode.MALFORMED_JSON, "The request body is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON, null, null);
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    Optional<Violation> check(JsonNode node, Identity caller, Instant now) {
        Optional<Violation> violation = schema.check(node)
                .or(() -> EventRules.parseOccurredAt(
                                node.get(EventFields.OCCURRED_AT).asText(), now, futureTolerance, horizon)
                        .violation())
                .or(() -> node.has(EventFields.CURRENCY)
                        ? EventRules.checkCurrency(
                                node.get(EventFields.CURRENCY).asText())
                        : Optional.empty());
        if (violation.isPresent()) {
            return violation;
        }
        MerchantId merchant = new MerchantId(node.get(EventFields.MERCHANT_ID).asText());
        if (!caller.mayWrite(merchant)) {
            return Optional.of(new Violation(
                    EventFields.MERCHANT_ID,
                    EventErrorCode.MERCHANT_FORBIDDEN,
                    "this API key may not write events for merchant " + merchant));
        }
        return Optional.empty();
    }
}
