package com.merchantinsights.core.event;

import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.error.EventErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The semantic rules of the event contract (docs/event-contract.md) that a JSON schema cannot express. Each rule
 * answers with the violation it found, so that every rejected event gets a precise reason.
 */
public final class EventRules {
    /**
     * The dimensions an event may carry: those the product's cube definition aggregates by
     * ({@code cubes/merchant_activity.cube.properties}), in its order. The event schema lists the same names (tested).
     */
    public static final List<String> DIMENSION_NAMES =
            CubeDefinitionFile.standard().dimensions();

    public static final Set<String> DIMENSIONS = Set.copyOf(DIMENSION_NAMES);
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_DIMENSION_VALUE_LENGTH = 64;
    private static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7E]{1," + MAX_ID_LENGTH + "}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private EventRules() {}

    /** A rule broken by one field. */
    public record Violation(String field, EventErrorCode code, String message) {}

    public static Optional<Violation> checkEventId(String value) {
        if (value == null || !EVENT_ID.matcher(value).matches()) {
            return Optional.of(new Violation(
                    EventFields.EVENT_ID,
                    EventErrorCode.INVALID_FIELD,
                    "event_id must be 1 to " + MAX_ID_LENGTH + " printable ASCII characters without spaces"));
        }
        return Optional.empty();
    }

    public static Optional<Violation> checkType(String value) {
        if (!EventType.isValid(value)) {
            return Optional.of(new Violation(
                    EventFields.TYPE, EventErrorCode.INVALID_FIELD, "type must match " + EventType.PATTERN.pattern()));
        }
        return Optional.empty();
    }

    public static Optional<Violation> checkMerchantId(String value) {
        if (!MerchantId.isValid(value)) {
            return Optional.of(new Violation(
                    EventFields.MERCHANT_ID,
                    EventErrorCode.INVALID_FIELD,
                    "merchant_id must be 1 to 64 characters of letters, digits, '_', '.', ':' or '-'"));
        }
        return Optional.empty();
    }

    /**
     * Parses occurred_at: RFC 3339 with an explicit offset, not further in the future than the tolerance for
     * client clock skew, not older than the late-event horizon.
     */
    public static ParsedTime parseOccurredAt(String value, Instant now, Duration futureTolerance, Duration horizon) {
        OffsetDateTime parsed;
        try {
            parsed = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException | NullPointerException e) {
            return ParsedTime.violation(new Violation(
                    EventFields.OCCURRED_AT,
                    EventErrorCode.INVALID_TIMESTAMP,
                    "occurred_at must be an RFC 3339 timestamp with an offset, e.g. 2026-11-24T10:15:00+05:30"));
        }
        Instant instant = parsed.toInstant();
        if (instant.isAfter(now.plus(futureTolerance))) {
            return ParsedTime.violation(new Violation(
                    EventFields.OCCURRED_AT,
                    EventErrorCode.TIMESTAMP_IN_FUTURE,
                    "occurred_at is more than " + futureTolerance.toMinutes() + " minutes in the future"));
        }
        if (instant.isBefore(now.minus(horizon))) {
            return ParsedTime.violation(new Violation(
                    EventFields.OCCURRED_AT,
                    EventErrorCode.TIMESTAMP_TOO_OLD,
                    "occurred_at is older than the late-event horizon of " + horizon.toDays() + " days"));
        }
        return new ParsedTime(Optional.of(parsed), Optional.empty());
    }

    /** The currency must be a current ISO 4217 code with a defined minor-unit exponent (not XAU, XXX…). */
    public static Optional<Violation> checkCurrency(String value) {
        if (value == null
                || !CURRENCY.matcher(value).matches()
                || CurrencyUnits.exponent(value).isEmpty()) {
            return Optional.of(new Violation(
                    EventFields.CURRENCY,
                    EventErrorCode.INVALID_CURRENCY,
                    "currency must be an ISO 4217 code such as INR"));
        }
        return Optional.empty();
    }

    public static Optional<Violation> checkDimension(String name, String value) {
        String field = EventFields.DIMENSIONS + "." + name;
        if (!DIMENSIONS.contains(name)) {
            return Optional.of(new Violation(
                    field,
                    EventErrorCode.UNKNOWN_DIMENSION,
                    "dimensions may only be " + String.join(", ", DIMENSION_NAMES)));
        }
        if (value == null || value.isEmpty() || value.length() > MAX_DIMENSION_VALUE_LENGTH) {
            return Optional.of(new Violation(
                    field,
                    EventErrorCode.INVALID_FIELD,
                    "a dimension value is a string of 1 to " + MAX_DIMENSION_VALUE_LENGTH + " characters"));
        }
        return Optional.empty();
    }

    /** A parsed timestamp or the rule it broke. */
    public record ParsedTime(Optional<OffsetDateTime> value, Optional<Violation> violation) {
        static ParsedTime violation(Violation violation) {
            return new ParsedTime(Optional.empty(), Optional.of(violation));
        }
    }
}
