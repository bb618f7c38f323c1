package com.merchantinsights.core.event;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a record of the events topic cannot become a raw event row. The events API validates before producing, so these
 * only show up for records that bypassed it or for a rule newer than the edge's; each becomes a "rejected" dead letter.
 * In core so that the stream processor and the reconciliation (which must tell a rejected record from an event
 * identity) apply the same rules.
 */
public enum Rejection {
    MALFORMED_JSON(null, "the record is not a JSON event object"),
    MISSING_EVENT_ID(EventFields.EVENT_ID, "event_id is missing or blank"),
    INVALID_MERCHANT_ID(EventFields.MERCHANT_ID, "merchant_id is missing or not a valid merchant id"),
    INVALID_TYPE(EventFields.TYPE, "type is missing or does not match [a-z][a-z0-9_.]{0,63}"),
    INVALID_OCCURRED_AT(EventFields.OCCURRED_AT, "occurred_at is missing or not RFC 3339 with an offset");

    private final String field;
    private final String message;

    Rejection(String field, String message) {
        this.field = field;
        this.message = message;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The offending field of the event contract, or null when the whole record is at fault. */
    public String field() {
        return field;
    }

    public String message() {
        return message;
    }

    public static Rejection ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /**
     * The first rule a record breaks, if any: only what the raw store needs to place and count the row is
     * checked here (identity, merchant, type, occurrence time); everything else stays in the payload.
     */
    public static Optional<Rejection> firstBrokenRule(
            boolean malformed, String eventId, String merchantId, String type, boolean occurredAtParsed) {
        if (malformed) {
            return Optional.of(MALFORMED_JSON);
        }
        if (eventId == null || eventId.isBlank()) {
            return Optional.of(MISSING_EVENT_ID);
        }
        if (!MerchantId.isValid(merchantId)) {
            return Optional.of(INVALID_MERCHANT_ID);
        }
        if (!EventType.isValid(type)) {
            return Optional.of(INVALID_TYPE);
        }
        if (!occurredAtParsed) {
            return Optional.of(INVALID_OCCURRED_AT);
        }
        return Optional.empty();
    }
}
