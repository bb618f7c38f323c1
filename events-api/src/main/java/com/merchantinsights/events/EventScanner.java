package com.merchantinsights.events;

import com.merchantinsights.core.event.EventFields;
import com.merchantinsights.core.event.EventRules;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fast path of {@link EventIntake} (docs/decisions/0007-ingest-hot-path.md): one pass over the body's bytes that
 * finds each event's bytes and recognises the events that are certainly valid, without a tokenizer's objects, a tree,
 * the schema validator or re-serialising anything. It may only ever say "valid" when the published schema and the
 * event rules would; an event it is not sure of (an unknown or repeated field, a string with an escape or a non-ASCII
 * character where a rule counts characters, any value out of a rule) is marked so, and the intake hands it to Jackson,
 * the schema validator and the rules, which stay the authority. A body it does not fully recognise as plain JSON
 * (anything outside RFC 8259's grammar, invalid UTF-8, nesting deeper than {@link #MAX_DEPTH}, a number longer than
 * {@link #MAX_NUMBER}, trailing text, too many or no events) gets no answer at all, and the intake reads it the
 * original way, so every refusal keeps its code and message.
 *
 * <p>It replaced a scan with Jackson's streaming parser: over the ingest benchmark's 190-byte events in a single-threaded
 * loop, 0.45–0.75 µs per event instead of 0.6–1.4 µs (docs/benchmarks.md, ingest). The checks mirror {@code schema/event.schema.json} at
 * {@link #SCHEMA_SHA256}; when the schema changes, the fast path turns itself off (see {@link EventIntake}) until this
 * class is reviewed against it. {@code FastPathAgreementTest} holds both ways to the same outcome on the bad-input
 * classes, random mutations of good events and random byte edits of good bodies.
 */
final class EventScanner {
    /** SHA-256 of the schema resource these checks were written against. */
    static final String SCHEMA_SHA256 = "b661f14557ed1bb54cf9bfc9293f25ad4415f8f14506786037478a90310edc64";

    /** Deeper bodies are left to the original way (Jackson's own limit is 1,000). */
    static final int MAX_DEPTH = 64;
    /** Longer number literals are left to the original way (Jackson's own limit is 1,000 characters). */
    static final int MAX_NUMBER = 64;
    /** Longer member names are left to the original way (Jackson's own limit is 50,000 bytes). */
    private static final int MAX_NAME_BYTES = 1024;

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
    /** The schema's properties, each with its bit (a field's bit is {@code 1 << index}). */
    private static final byte[][] FIELD_NAMES = names(
            EventFields.EVENT_ID,
            EventFields.MERCHANT_ID,
            EventFields.TYPE,
            EventFields.OCCURRED_AT,
            EventFields.CUSTOMER_ID,
            EventFields.ANONYMOUS_ID,
            EventFields.AMOUNT,
            EventFields.CURRENCY,
            EventFields.DIMENSIONS,
            EventFields.PROPERTIES);
    /** The dimensions the schema allows, each with its bit. */
    private static final byte[][] DIMENSION_NAMES = names(EventRules.DIMENSION_NAMES.toArray(String[]::new));

    private static final byte[] EVENTS = "events".getBytes(StandardCharsets.US_ASCII);

    /** What a string held: only the kinds of character a rule may count or compare byte for byte. */
    private static final int ASCII = 0;

    private static final int UTF8 = 1;
    private static final int ESCAPED = 2;

    /** Verdicts on three-letter codes, by {@code (c0 - 'A') * 676 + (c1 - 'A') * 26 + (c2 - 'A')}: 0 unknown, 1 yes, 2 no. */
    private final byte[] currencies = new byte[26 * 26 * 26];

    /**
     * One event of the body: where its bytes are, and, when the scan is certain it is valid and may be written by
     * the caller, its id and merchant ({@code certain}); otherwise the validator decides.
     */
    /**
     * @param identifiers where a certain event's {@code customer_id} and {@code anonymous_id} values lie in the body,
     *                    as {@code [start, end)} pairs of the string contents in body order (plain ASCII: a pseudonym
     *                    may replace them byte for byte, issue 23); empty when it has neither
     */
    record ScannedEvent(int start, int end, boolean certain, String eventId, String merchantId, int[] identifiers) {}

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
        try {
            Cursor cursor = new Cursor(body, window);
            List<ScannedEvent> events = framing == EventIntake.Framing.NDJSON ? cursor.lines() : cursor.document();
            return events.isEmpty() ? Optional.empty() : Optional.of(events); // both readings stop at MAX_EVENTS
        } catch (NotPlain | ArrayIndexOutOfBoundsException notPlain) {
            // A body that ends early runs off the array: the original way reports it.
            return Optional.empty();
        }
    }

    /** The body is not one the scan answers for. Thrown without a stack trace: it is a verdict, not a failure. */
    private static final class NotPlain extends RuntimeException {
        static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super(null, null, false, false);
        }
    }

    /** A position in one body and what the last string read there held. */
    private final class Cursor {
        private final byte[] b;
        private final Window window;
        private final char[] timestamp = new char[MAX_OCCURRED_AT];
        private final int[] nanos = new int[1];
        private final String[] merchants = new String[8];
        private int merchantCount;
        private int at;
        /** The last string's content {@code [stringStart, stringEnd)}, without its quotes, and its kind. */
        private int stringStart;

        private int stringEnd;
        private int stringKind;

        Cursor(byte[] body, Window window) {
            this.b = body;
            this.window = window;
        }

        /** {@code {"events":[...]}} or one event alone; a lone event is only answered for when it is certain. */
        List<ScannedEvent> document() {
            expect('{');
            int rootStart = at - 1;
            if (next() == '"') {
                string();
                if (stringKind == ASCII && equals(EVENTS)) {
                    expect(':');
                    expect('[');
                    List<ScannedEvent> events = new ArrayList<>(1024);
                    do {
                        if (events.size() == EventIntake.MAX_EVENTS) {
                            throw NotPlain.INSTANCE;
                        }
                        expect('{');
                        events.add(event(at - 1));
                    } while (comma(']'));
                    expect('}');
                    end();
                    return events;
                }
                at = stringStart - 1; // back to the first name's quote: it is the lone event's first field
            }
            ScannedEvent single = event(rootStart);
            end();
            if (!single.certain()) {
                throw NotPlain.INSTANCE;
            }
            return List.of(single);
        }

        /** One object per line (as Jackson reads a sequence of values: any JSON whitespace, or none, between them). */
        List<ScannedEvent> lines() {
            List<ScannedEvent> events = new ArrayList<>();
            while (next() >= 0) {
                if (events.size() == EventIntake.MAX_EVENTS) {
                    throw NotPlain.INSTANCE;
                }
                expect('{');
                events.add(event(at - 1));
            }
            return events;
        }

        /** Reads one event object, whose '{' at {@code start} was just read, to its end. */
        private ScannedEvent event(int start) {
            boolean certain = true;
            int seen = 0;
            String eventId = null;
            String merchantId = null;
            int[] identifiers = new int[4];
            int identifierBounds = 0;
            if (next() == '}') {
                at++;
                certain = false;
            } else {
                do {
                    int field = name(FIELD_NAMES, seen);
                    expect(':');
                    // An unknown field is the schema's to report; a repeated one the tree's to resolve (the last wins).
                    certain &= field != 0 && (seen & field) == 0;
                    seen |= field;
                    int kind = next();
                    switch (field) {
                        case AMOUNT -> certain &= isAmount();
                        case DIMENSIONS -> certain &= kind == '{' ? dimensionsValid() : skipped();
                        case PROPERTIES -> certain &= kind == '{' ? freeObject(1) <= MAX_PROPERTIES : skipped();
                        case 0 -> value(1);
                        default -> {
                            // The string fields: each rule counts or compares ASCII characters.
                            if (kind != '"') {
                                certain &= skipped();
                                break;
                            }
                            string();
                            boolean ascii = stringKind == ASCII;
                            switch (field) {
                                case EVENT_ID -> {
                                    eventId = ascii && isPrintableAscii() ? text() : null;
                                    certain &= eventId != null;
                                }
                                case MERCHANT_ID -> {
                                    merchantId = ascii && isMerchantId() ? merchantText() : null;
                                    certain &= merchantId != null;
                                }
                                case TYPE -> certain &= ascii && isType();
                                case OCCURRED_AT -> certain &= ascii && isRecent();
                                case CURRENCY -> certain &= ascii && isCurrency();
                                default -> { // customer_id, anonymous_id
                                    certain &= ascii && lengthWithin(MAX_ID);
                                    if (identifierBounds < identifiers.length) {
                                        identifiers[identifierBounds++] = stringStart;
                                        identifiers[identifierBounds++] = stringEnd;
                                    }
                                }
                            }
                        }
                    }
                } while (comma('}'));
            }
            boolean paired = (seen & AMOUNT) == 0 ? (seen & CURRENCY) == 0 : (seen & CURRENCY) != 0;
            certain = certain && (seen & REQUIRED) == REQUIRED && paired && window.mayWrite(merchantId);
            return new ScannedEvent(
                    start,
                    at,
                    certain,
                    certain ? eventId : null,
                    certain ? merchantId : null,
                    certain ? java.util.Arrays.copyOf(identifiers, identifierBounds) : new int[0]);
        }

        /** Reads the dimensions object: true if every member is a known dimension, given once, with a 1 to 64 ASCII string. */
        private boolean dimensionsValid() {
            expect('{');
            if (next() == '}') {
                at++;
                return true;
            }
            boolean valid = true;
            int seen = 0;
            do {
                int dimension = name(DIMENSION_NAMES, seen);
                expect(':');
                valid &= dimension != 0 && (seen & dimension) == 0;
                seen |= dimension;
                if (next() == '"') {
                    string();
                    valid &= stringKind == ASCII && lengthWithin(MAX_NAME);
                } else {
                    valid &= skipped();
                }
            } while (comma('}'));
            return valid;
        }

        /**
         * Reads a free object (properties, or an object inside it): its number of members, or {@link Integer#MAX_VALUE}
         * if a name repeats in it or any object inside it, or a name has an escape (equal names may be spelt apart).
         */
        private int freeObject(int depth) {
            expect('{');
            depth(depth);
            if (next() == '}') {
                at++;
                return 0;
            }
            Set<String> names = new HashSet<>();
            boolean unique = true;
            do {
                expectString();
                unique &= stringKind != ESCAPED
                        && names.add(new String(b, stringStart, stringEnd - stringStart, StandardCharsets.UTF_8));
                expect(':');
                unique &= freeValue(depth);
            } while (comma('}'));
            return unique ? names.size() : Integer.MAX_VALUE;
        }

        /** Reads a free value: false if an object inside it is not {@link #freeObject unique}. */
        private boolean freeValue(int depth) {
            int kind = next();
            if (kind == '{') {
                return freeObject(depth + 1) != Integer.MAX_VALUE;
            }
            if (kind == '[') {
                at++;
                depth(depth + 1);
                boolean unique = true;
                if (next() == ']') {
                    at++;
                    return true;
                }
                do {
                    unique &= freeValue(depth + 1);
                } while (comma(']'));
                return unique;
            }
            value(depth);
            return true;
        }

        /** Reads any value, checking only its grammar. */
        private void value(int depth) {
            switch (next()) {
                case '"' -> string();
                case '{', '[' -> freeValue(depth);
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            }
        }

        /** amount: a JSON integer from 0 to 10^15 (a minus sign, even on zero, a fraction or an exponent: not certain). */
        private boolean isAmount() {
            int first = next();
            if (first != '-' && (first < '0' || first > '9')) {
                value(1);
                return false;
            }
            int start = at;
            boolean integer = number();
            int digits = at - start;
            if (!integer || b[start] == '-' || digits > 16) {
                return false;
            }
            long amount = 0;
            for (int i = start; i < at; i++) {
                amount = amount * 10 + (b[i] - '0');
            }
            return amount <= MAX_AMOUNT;
        }

        /** RFC 8259's number; true if it has neither a fraction nor an exponent. */
        private boolean number() {
            int start = at;
            if (b[at] == '-') {
                at++;
            }
            if (b[at] == '0') {
                at++;
            } else if (b[at] >= '1' && b[at] <= '9') {
                digits();
            } else {
                throw NotPlain.INSTANCE;
            }
            boolean integer = true;
            if (at < b.length && b[at] == '.') {
                at++;
                requireDigit();
                digits();
                integer = false;
            }
            if (at < b.length && (b[at] == 'e' || b[at] == 'E')) {
                at++;
                if (b[at] == '+' || b[at] == '-') {
                    at++;
                }
                requireDigit();
                digits();
                integer = false;
            }
            // What follows is the caller's to check (a comma, a closing bracket or whitespace, or the body is not
            // plain).
            if (at - start > MAX_NUMBER) {
                throw NotPlain.INSTANCE;
            }
            return integer;
        }

        private void digits() {
            while (at < b.length && b[at] >= '0' && b[at] <= '9') {
                at++;
            }
        }

        private void requireDigit() {
            if (b[at] < '0' || b[at] > '9') {
                throw NotPlain.INSTANCE;
            }
        }

        private void literal(String word) {
            for (int i = 0; i < word.length(); i++) {
                if (b[at + i] != word.charAt(i)) {
                    throw NotPlain.INSTANCE;
                }
            }
            at += word.length();
        }

        private void expectString() {
            if (next() != '"') {
                throw NotPlain.INSTANCE;
            }
            string();
            if (stringEnd - stringStart > MAX_NAME_BYTES) {
                throw NotPlain.INSTANCE;
            }
        }

        /**
         * Reads the string at the cursor's quote: escapes must be RFC 8259's, other bytes printable (control characters
         * must be escaped) and well-formed UTF-8 (RFC 3629: shortest form, no surrogates, at most U+10FFFF).
         */
        private void string() {
            int i = at + 1;
            stringStart = i;
            int kind = ASCII;
            while (true) {
                while (i + Long.BYTES <= b.length && special((long) LONGS.get(b, i)) == 0) {
                    i += Long.BYTES;
                }
                while (PLAIN[b[i] & 0xFF]) {
                    i++;
                }
                int c = b[i];
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    kind = ESCAPED;
                    i = escape(i + 1);
                } else if (c >= 0x20) {
                    i++;
                } else if (c >= 0) {
                    throw NotPlain.INSTANCE; // an unescaped control character
                } else {
                    kind = Math.max(kind, UTF8);
                    i = utf8(i);
                }
            }
            stringEnd = i;
            stringKind = kind;
            at = i + 1;
        }

        /** The escape after a backslash at {@code i - 1}; the index after it. */
        private int escape(int i) {
            switch (b[i]) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    return i + 1;
                }
                case 'u' -> {
                    for (int h = i + 1; h <= i + 4; h++) {
                        if (Character.digit(b[h], 16) < 0) {
                            throw NotPlain.INSTANCE;
                        }
                    }
                    return i + 5;
                }
                default -> throw NotPlain.INSTANCE;
            }
        }

        /** One UTF-8 sequence of two to four bytes at {@code i}; the index after it. */
        private int utf8(int i) {
            int lead = b[i] & 0xFF;
            int length;
            int min;
            int codePoint;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
                min = 0x80;
                codePoint = lead & 0x1F;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                min = 0x800;
                codePoint = lead & 0x0F;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                min = 0x10000;
                codePoint = lead & 0x07;
            } else {
                throw NotPlain.INSTANCE;
            }
            for (int k = 1; k < length; k++) {
                int continuation = b[i + k] & 0xFF;
                if ((continuation & 0xC0) != 0x80) {
                    throw NotPlain.INSTANCE;
                }
                codePoint = (codePoint << 6) | (continuation & 0x3F);
            }
            if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                throw NotPlain.INSTANCE;
            }
            return i + length;
        }

        /** After a member or element: true on a comma (and reads it), false on {@code close} (and reads it). */
        private boolean comma(char close) {
            int c = next();
            at++;
            if (c == ',') {
                return true;
            }
            if (c == close) {
                return false;
            }
            throw NotPlain.INSTANCE;
        }

        private void expect(char c) {
            if (next() != c) {
                throw NotPlain.INSTANCE;
            }
            at++;
        }

        /** Only whitespace may follow the document. */
        private void end() {
            if (next() >= 0) {
                throw NotPlain.INSTANCE;
            }
        }

        /** Skips whitespace; the byte at the cursor, or -1 at the end of the body. */
        private int next() {
            while (at < b.length && isWhitespace(b[at])) {
                at++;
            }
            return at < b.length ? b[at] & 0xFF : -1;
        }

        private void depth(int depth) {
            if (depth > MAX_DEPTH) {
                throw NotPlain.INSTANCE;
            }
        }

        /** Reads a value a rule has no use for: the field is not certain. */
        private boolean skipped() {
            value(1);
            return false;
        }

        /**
         * The merchant id as a string, the same instance for the same merchant within a body (up to eight merchants):
         * its hash is computed once for the body's duplicate and permission checks.
         */
        private String merchantText() {
            int length = stringEnd - stringStart;
            for (int m = 0; m < merchantCount; m++) {
                String known = merchants[m];
                if (known.length() == length && sameText(known)) {
                    return known;
                }
            }
            String text = text();
            if (merchantCount < merchants.length) {
                merchants[merchantCount++] = text;
            }
            return text;
        }

        private boolean sameText(String known) {
            for (int i = 0; i < known.length(); i++) {
                if (b[stringStart + i] != known.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private String text() {
            return new String(b, stringStart, stringEnd - stringStart, StandardCharsets.ISO_8859_1);
        }

        private boolean equals(byte[] name) {
            return stringEnd - stringStart == name.length && startsWith(stringStart, name);
        }

        /** Whether the body holds {@code name} at {@code from} (a plain loop: names are too short for a vectorised compare to pay). */
        private boolean startsWith(int from, byte[] name) {
            for (int i = 0; i < name.length; i++) {
                if (b[from + i] != name[i]) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Reads a member name: its bit among {@code names} ({@code 1 << index}), or 0 for any other name. Names come
         * in the schema's order more often than not, so the first name not {@code seen} yet is tried first; a name
         * that matches one of them byte for byte up to its closing quote is that name (theirs hold no quote or
         * backslash), and any other is read as a string.
         */
        private int name(byte[][] names, int seen) {
            if (next() != '"') {
                throw NotPlain.INSTANCE;
            }
            int first = Integer.numberOfTrailingZeros(~seen);
            for (int k = 0; k < names.length; k++) {
                int index = (first + k) % names.length;
                byte[] name = names[index];
                int close = at + 1 + name.length;
                if (close < b.length && b[close] == '"' && startsWith(at + 1, name)) {
                    at = close + 1;
                    return 1 << index;
                }
            }
            expectString();
            return 0;
        }
        /**
         * 1 to 128 characters of {@code [\x21-\x7E]}: the schema's pattern and length for event_id. Called on an
         * {@link #ASCII} string, which holds no control character and nothing above 0x7F: only the space and DEL remain
         * to refuse.
         */
        private boolean isPrintableAscii() {
            int length = stringEnd - stringStart;
            if (length < 1 || length > MAX_ID) {
                return false;
            }
            for (int i = stringStart; i < stringEnd; i++) {
                if (b[i] == ' ' || b[i] == 0x7F) {
                    return false;
                }
            }
            return true;
        }

        /** {@code ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$}. */
        private boolean isMerchantId() {
            int length = stringEnd - stringStart;
            if (length < 1 || length > MAX_NAME || !isLetterOrDigit(b[stringStart])) {
                return false;
            }
            for (int i = stringStart + 1; i < stringEnd; i++) {
                byte c = b[i];
                if (!isLetterOrDigit(c) && c != '_' && c != '.' && c != ':' && c != '-') {
                    return false;
                }
            }
            return true;
        }

        /** {@code ^[a-z][a-z0-9_.]{0,63}$}. */
        private boolean isType() {
            int length = stringEnd - stringStart;
            if (length < 1 || length > MAX_NAME || b[stringStart] < 'a' || b[stringStart] > 'z') {
                return false;
            }
            for (int i = stringStart + 1; i < stringEnd; i++) {
                byte c = b[i];
                if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_' && c != '.') {
                    return false;
                }
            }
            return true;
        }

        /** The canonical spelling of occurred_at, within the accepted window ({@link EventRules#parseOccurredAt}). */
        private boolean isRecent() {
            int length = stringEnd - stringStart;
            if (length > MAX_OCCURRED_AT) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                timestamp[i] = (char) b[stringStart + i];
            }
            long second = CanonicalTimestamp.epochSecond(timestamp, 0, length, nanos);
            return second != CanonicalTimestamp.UNKNOWN
                    && CanonicalTimestamp.within(second, nanos[0], window.earliest(), window.latest());
        }

        /** 1 to {@code max} ASCII characters, as the schema's lengths count. */
        private boolean lengthWithin(int max) {
            int length = stringEnd - stringStart;
            return length >= 1 && length <= max;
        }

        /** {@code ^[A-Z]{3}$} and a current ISO 4217 code ({@link EventRules#checkCurrency}). */
        private boolean isCurrency() {
            if (stringEnd - stringStart != 3) {
                return false;
            }
            int index = 0;
            for (int i = stringStart; i < stringEnd; i++) {
                if (b[i] < 'A' || b[i] > 'Z') {
                    return false;
                }
                index = index * 26 + (b[i] - 'A');
            }
            if (currencies[index] == 0) {
                // A benign race: every thread computes the same verdict.
                currencies[index] = EventRules.checkCurrency(text()).isEmpty() ? (byte) 1 : (byte) 2;
            }
            return currencies[index] == 1;
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Non-zero if one of the eight bytes of {@code word} is a quote, a backslash, a control character or not ASCII
     * (the zero-byte test of Hacker's Delight, 6-1: a borrow may only mark bytes above a byte that is marked anyway).
     */
    private static long special(long word) {
        long quote = word ^ (ONES * '"');
        long backslash = word ^ (ONES * '\\');
        return (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((word - ONES * 0x20) & ~word) | word)
                & HIGHS;
    }

    /** The bytes a string may hold as they are: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static boolean isLetterOrDigit(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
