package com.merchantinsights.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.merchantinsights.core.event.EventFields;
import com.merchantinsights.core.event.EventRules;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.service.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fast path of {@link EventIntake} (docs/decisions/0007-ingest-hot-path.md): one streaming pass over the body
 * that finds each event's bytes and recognises the events that are certainly valid, without building a tree, running
 * the schema validator or re-serialising anything. It may only ever say "valid" when the published schema and the
 * event rules would; an event it is not sure of is marked so, and the intake hands it to the schema validator and
 * the rules, which stay the authority. A body whose framing is anything but plain (a parse error, too many or no
 * events, trailing text) gets no answer at all, and the intake reads it the original way, so every
 * refusal keeps its code and message.
 *
 * <p>The checks mirror {@code schema/event.schema.json} at {@link #SCHEMA_SHA256}; when the schema changes, the fast
 * path turns itself off (see {@link EventIntake}) until this class is reviewed against it.
 */
final class EventScanner {
    /** SHA-256 of the schema resource these checks were written against. */
    static final String SCHEMA_SHA256 = "b661f14557ed1bb54cf9bfc9293f25ad4415f8f14506786037478a90310edc64";

    private static final int MAX_ID = 128;
    private static final int MAX_NAME = 64;
    private static final int MAX_OCCURRED_AT = 40;
    private static final long MAX_AMOUNT = 1_000_000_000_000_000L;
    private static final int MAX_PROPERTIES = 64;

    private static final int EVENT_ID = 1;
    private static final int MERCHANT_ID = 1 << 1;
    private static final int TYPE = 1 << 2;
    private static final int OCCURRED_AT = 1 << 3;
    private static final int CUSTOMER_ID = 1 << 4;
    private static final int ANONYMOUS_ID = 1 << 5;
    private static final int AMOUNT = 1 << 6;
    private static final int CURRENCY = 1 << 7;
    private static final int DIMENSIONS = 1 << 8;
    private static final int PROPERTIES = 1 << 9;
    private static final int REQUIRED = EVENT_ID | MERCHANT_ID | TYPE | OCCURRED_AT;
    /** The schema's properties, each with its bit. */
    private static final Map<String, Integer> FIELDS = Map.of(EventFields.EVENT_ID, EVENT_ID,
            EventFields.MERCHANT_ID, MERCHANT_ID, EventFields.TYPE, TYPE, EventFields.OCCURRED_AT, OCCURRED_AT,
            EventFields.CUSTOMER_ID, CUSTOMER_ID, EventFields.ANONYMOUS_ID, ANONYMOUS_ID, EventFields.AMOUNT, AMOUNT,
            EventFields.CURRENCY, CURRENCY, EventFields.DIMENSIONS, DIMENSIONS, EventFields.PROPERTIES, PROPERTIES);
    /** The dimensions the schema allows, each with its bit. */
    private static final Map<String, Integer> DIMENSION_NAMES = Map.of("channel", 1, "country", 1 << 1, "device", 1 << 2,
            "product_category", 1 << 3, "payment_method", 1 << 4, "location_id", 1 << 5);

    private final JsonFactory factory = Json.mapper().getFactory();
    /** Verdicts on three-letter codes: at most 26^3 entries. */
    private final ConcurrentHashMap<String, Boolean> currencies = new ConcurrentHashMap<>();

    /**
     * One event of the body: where its bytes are, and, when the scan is certain it is valid and may be written by
     * the caller, its id and merchant ({@code certain}); otherwise the validator decides.
     */
    record ScannedEvent(int start, int end, boolean certain, String eventId, String merchantId) {
    }

    /** Where occurred_at must lie and who is writing: the same for every event of a request. */
    record Window(Instant earliest, Instant latest, Identity caller, Map<String, Boolean> writable) {
        Window(Instant earliest, Instant latest, Identity caller) {
            this(earliest, latest, caller, new HashMap<>());
        }

        /** {@link Identity#mayWrite}, asked once per merchant of the request. */
        boolean mayWrite(String merchantId) {
            return writable.computeIfAbsent(merchantId, m -> caller.mayWrite(new MerchantId(m)));
        }
    }

    /** The events of a plain body, or empty when the body must be read the original way. */
    Optional<List<ScannedEvent>> scan(byte[] body, EventIntake.Framing framing, Window window) {
        try (JsonParser parser = factory.createParser(body)) {
            List<ScannedEvent> events = framing == EventIntake.Framing.NDJSON
                    ? scanLines(parser, window) : scanDocument(parser, window);
            return events == null || events.isEmpty() || events.size() > EventIntake.MAX_EVENTS
                    ? Optional.empty() : Optional.of(events);
        } catch (IOException | RuntimeException notPlain) {
            return Optional.empty();
        }
    }

    private List<ScannedEvent> scanDocument(JsonParser p, Window window) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        int rootStart = (int) p.currentTokenLocation().getByteOffset();
        if (p.nextToken() != JsonToken.FIELD_NAME || !"events".equals(p.currentName())) {
            // One event alone: certain, or the original path decides (it also tells a misplaced "events" apart).
            ScannedEvent single = scanEvent(p, window, rootStart);
            return single.certain() && p.nextToken() == null ? List.of(single) : null;
        }
        if (p.nextToken() != JsonToken.START_ARRAY) {
            return null;
        }
        List<ScannedEvent> events = new ArrayList<>(1024);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT || events.size() == EventIntake.MAX_EVENTS) {
                return null;
            }
            events.add(scanEvent(p, window, -1));
        }
        return p.nextToken() == JsonToken.END_OBJECT && p.nextToken() == null ? events : null;
    }

    private List<ScannedEvent> scanLines(JsonParser p, Window window) throws IOException {
        List<ScannedEvent> events = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT || events.size() == EventIntake.MAX_EVENTS) {
                return null;
            }
            events.add(scanEvent(p, window, -1));
        }
        return events;
    }

    /**
     * Reads one event object to its end. The parser is on its START_OBJECT, or, for a lone event already opened at
     * {@code openedAt}, on the token after it; it is left on the event's END_OBJECT.
     */
    private ScannedEvent scanEvent(JsonParser p, Window window, int openedAt) throws IOException {
        boolean onFirstField = openedAt >= 0;
        int start = onFirstField ? openedAt : (int) p.currentTokenLocation().getByteOffset();
        boolean certain = true;
        int seen = 0;
        String eventId = null;
        String merchantId = null;
        for (JsonToken t = onFirstField ? p.currentToken() : p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int field = FIELDS.getOrDefault(name, 0);
            // An unknown field is the schema's to report; a repeated one the tree's to resolve (the last one wins).
            certain &= field != 0 && (seen & field) == 0;
            seen |= field;
            switch (field) {
                case EVENT_ID -> {
                    eventId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    certain &= eventId != null && isPrintableAscii(eventId);
                }
                case MERCHANT_ID -> {
                    merchantId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    certain &= merchantId != null && isMerchantId(merchantId);
                }
                case TYPE -> certain &= value == JsonToken.VALUE_STRING && isType(p);
                case OCCURRED_AT -> certain &= value == JsonToken.VALUE_STRING && isRecent(p, window);
                case CUSTOMER_ID, ANONYMOUS_ID -> certain &= value == JsonToken.VALUE_STRING && lengthWithin(p, MAX_ID);
                case AMOUNT -> certain &= value == JsonToken.VALUE_NUMBER_INT
                        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                        && p.getLongValue() >= 0 && p.getLongValue() <= MAX_AMOUNT;
                case CURRENCY -> certain &= value == JsonToken.VALUE_STRING && isCurrency(p.getText());
                case DIMENSIONS -> certain &= value == JsonToken.START_OBJECT && dimensionsValid(p);
                case PROPERTIES -> certain &= value == JsonToken.START_OBJECT && propertiesValid(p);
                default -> {
                    // unknown: not certain (above)
                }
            }
            p.skipChildren(); // a no-op unless this value is an object or array not yet read
        }
        int end = (int) p.currentLocation().getByteOffset();
        boolean paired = (seen & AMOUNT) == 0 ? (seen & CURRENCY) == 0 : (seen & CURRENCY) != 0;
        certain = certain && (seen & REQUIRED) == REQUIRED && paired && window.mayWrite(merchantId);
        return new ScannedEvent(start, end, certain, certain ? eventId : null, certain ? merchantId : null);
    }

    /**
     * Reads the dimensions object to its end; true if every member is a known dimension, given once, with a 1 to 64
     * character string.
     */
    private static boolean dimensionsValid(JsonParser p) throws IOException {
        boolean valid = true;
        int seen = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            int dimension = DIMENSION_NAMES.getOrDefault(p.currentName(), 0);
            valid &= dimension != 0 && (seen & dimension) == 0;
            seen |= dimension;
            JsonToken value = p.nextToken();
            valid &= value == JsonToken.VALUE_STRING && lengthWithin(p, MAX_NAME);
            p.skipChildren();
        }
        return valid;
    }

    /**
     * Reads the properties object to its end; true if it has at most 64 members and no object inside it repeats a
     * name (their content is free; a repeated name is left to the tree, which keeps the last).
     */
    private static boolean propertiesValid(JsonParser p) throws IOException {
        return freeObjectMembers(p) <= MAX_PROPERTIES;
    }

    /** Reads an object to its end: its number of members, or a number over any limit if a name repeats at any depth. */
    private static int freeObjectMembers(JsonParser p) throws IOException {
        Set<String> names = new HashSet<>();
        boolean unique = true;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            unique &= names.add(p.currentName());
            unique &= freeValueUnique(p, p.nextToken());
        }
        return unique ? names.size() : Integer.MAX_VALUE;
    }

    private static boolean freeValueUnique(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            return freeObjectMembers(p) != Integer.MAX_VALUE;
        }
        boolean unique = true;
        if (value == JsonToken.START_ARRAY) {
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                unique &= freeValueUnique(p, t);
            }
        }
        return unique;
    }

    /** 1 to 128 characters of {@code [\x21-\x7E]}: the schema's pattern and length for event_id. */
    private static boolean isPrintableAscii(String value) {
        int length = value.length();
        if (length < 1 || length > MAX_ID) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** {@code ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$}. */
    private static boolean isMerchantId(String value) {
        int length = value.length();
        if (length < 1 || length > MAX_NAME || !isLetterOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = value.charAt(i);
            if (!isLetterOrDigit(c) && c != '_' && c != '.' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code ^[a-z][a-z0-9_.]{0,63}$}. */
    private static boolean isType(JsonParser p) throws IOException {
        char[] text = p.getTextCharacters();
        int from = p.getTextOffset();
        int length = p.getTextLength();
        if (length < 1 || length > MAX_NAME || text[from] < 'a' || text[from] > 'z') {
            return false;
        }
        for (int i = from + 1; i < from + length; i++) {
            char c = text[i];
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** The canonical spelling of occurred_at, within the accepted window ({@link EventRules#parseOccurredAt}). */
    private static boolean isRecent(JsonParser p, Window window) throws IOException {
        int length = p.getTextLength();
        if (length > MAX_OCCURRED_AT) {
            return false;
        }
        int[] nano = new int[1];
        long second = CanonicalTimestamp.epochSecond(p.getTextCharacters(), p.getTextOffset(), length, nano);
        return second != CanonicalTimestamp.UNKNOWN
                && CanonicalTimestamp.within(second, nano[0], window.earliest(), window.latest());
    }

    /** A string of 1 to {@code max} UTF-16 units has 1 to {@code max} code points, as the schema's lengths count. */
    private static boolean lengthWithin(JsonParser p, int max) throws IOException {
        int length = p.getTextLength();
        return length >= 1 && length <= max;
    }

    /** {@code ^[A-Z]{3}$} and a current ISO 4217 code ({@link EventRules#checkCurrency}). */
    private boolean isCurrency(String code) {
        if (code.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (code.charAt(i) < 'A' || code.charAt(i) > 'Z') {
                return false;
            }
        }
        return currencies.computeIfAbsent(code, c -> EventRules.checkCurrency(c).isEmpty());
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
