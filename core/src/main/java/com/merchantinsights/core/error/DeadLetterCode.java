package com.merchantinsights.core.error;

import com.merchantinsights.core.event.EventFields;
import com.merchantinsights.core.event.EventType;
import com.merchantinsights.core.event.MerchantId;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a record of the events topic cannot become a raw event row: the code of a "rejected" dead letter that the stream
 * processor writes, part of the catalogue with {@link ErrorCode} and {@link EventErrorCode}. The events API validates
 * before producing, so these only show up for records that bypassed it or for a rule newer than the edge's. In core so
 * that the stream processor and the reconciliation (which must tell a rejected record from an event identity) apply the
 * same rules. All are client errors: the record is at fault, and only a corrected re-drive can store it. A
 * "conflict" letter (a differing re-send) carries {@link #CONFLICT}.
 */
public enum DeadLetterCode implements CatalogueCode {
    MALFORMED_JSON(null, "the record is not a JSON event object"),
    MISSING_EVENT_ID(EventFields.EVENT_ID, "event_id is missing or blank"),
    INVALID_MERCHANT_ID(EventFields.MERCHANT_ID, "merchant_id is missing or not a valid merchant id"),
    INVALID_EVENT_TYPE(EventFields.TYPE, "type is missing or does not match [a-z][a-z0-9_.]{0,63}"),
    INVALID_OCCURRED_AT(EventFields.OCCURRED_AT, "occurred_at is missing or not RFC 3339 with an offset"),
    /** The code of a "conflict" letter, never a broken rule: the record is valid, its identity was stored differently. */
    CONFLICT(null, "a re-send of a stored event with other content: the version stored first counts"),
    /**
     * The code of an "erased" letter: the event belongs to a person whose data was erased (a re-send of an erased
     * event, or a new one while the erasure suppresses the person); not stored, no payload kept.
     */
    ERASED_IDENTITY(EventFields.EVENT_ID, "an event of a person whose data was erased: not stored");

    /**
     * What {@link #INVALID_EVENT_TYPE} was called in letters written before it was renamed: {@code invalid_type} is an
     * event error with another meaning (a field of the wrong JSON type).
     */
    static final String LEGACY_INVALID_TYPE = "invalid_type";

    private final String field;
    private final String message;

    DeadLetterCode(String field, String message) {
        this.field = field;
        this.message = message;
    }

    /** The offending field of the event contract, or null when the whole record is at fault. */
    public String field() {
        return field;
    }

    public String message() {
        return message;
    }

    @Override
    public ErrorCategory category() {
        return ErrorCategory.CLIENT_ERROR;
    }

    /** The code of a stored letter, the renamed one's old name included. */
    public static DeadLetterCode ofCode(String code) {
        return LEGACY_INVALID_TYPE.equals(code) ? INVALID_EVENT_TYPE : valueOf(code.toUpperCase(Locale.ROOT));
    }

    /**
     * The first rule a record breaks, if any: only what the raw store needs to place and count the row is
     * checked here (identity, merchant, type, occurrence time); everything else stays in the payload.
     */
    public static Optional<DeadLetterCode> firstBrokenRule(
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
            return Optional.of(INVALID_EVENT_TYPE);
        }
        if (!occurredAtParsed) {
            return Optional.of(INVALID_OCCURRED_AT);
        }
        return Optional.empty();
    }
}
