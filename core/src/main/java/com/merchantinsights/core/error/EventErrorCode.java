package com.merchantinsights.core.error;

import static com.merchantinsights.core.error.ErrorCategory.CLIENT_ERROR;
import static com.merchantinsights.core.error.ErrorCategory.RETRYABLE;

/**
 * The codes of one event of an ingest request ({@code errors[].code} of {@code POST /v1/events} and the Segment
 * routes), part of the catalogue with {@link ErrorCode} and {@link DeadLetterCode}. A code that appears in two of them
 * means the same thing in both (e.g. {@code missing_field}); docs/errors.md documents each.
 */
public enum EventErrorCode implements CatalogueCode {
    MISSING_FIELD(
            CLIENT_ERROR,
            "`event_id`, `merchant_id`, `type` or `occurred_at` is missing, or `currency` without"
                    + " `amount` / `amount` without `currency`."),
    INVALID_TYPE(CLIENT_ERROR, "A field has the wrong JSON type (a number where a string belongs, say)."),
    INVALID_FIELD(CLIENT_ERROR, "A value breaks its pattern or length."),
    UNKNOWN_FIELD(CLIENT_ERROR, "A top-level field outside the contract (free data goes in `properties`)."),
    UNKNOWN_DIMENSION(
            CLIENT_ERROR,
            "A dimension the cube definition does not aggregate by (the event contract lists" + " them)."),
    INVALID_TIMESTAMP(CLIENT_ERROR, "`occurred_at` is not RFC 3339 with an offset."),
    TIMESTAMP_IN_FUTURE(CLIENT_ERROR, "`occurred_at` is more than 15 minutes (configurable) in the future."),
    TIMESTAMP_TOO_OLD(
            CLIENT_ERROR,
            "`occurred_at` is older than the late-event horizon (the raw store's retention, 90 days unless configured)."),
    INVALID_AMOUNT(CLIENT_ERROR, "`amount` is not a non-negative integer of minor units."),
    INVALID_CURRENCY(CLIENT_ERROR, "`currency` is not an ISO 4217 code."),
    MERCHANT_FORBIDDEN(CLIENT_ERROR, "The key may not write events for this merchant."),
    UNSUPPORTED_CALL(CLIENT_ERROR, "A Segment call this product does not collect (`group`, `alias`): a dead letter."),
    DUPLICATE_IN_BATCH(CLIENT_ERROR, "The same `event_id` appears earlier in the request; it is written once."),
    EVENT_STORE_UNAVAILABLE(
            RETRYABLE, "Kafka did not acknowledge this event; retry it (same `event_id`, no double" + " count).");

    private final ErrorCategory category;
    private final String description;

    EventErrorCode(ErrorCategory category, String description) {
        this.category = category;
        this.description = description;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }

    /** What docs/errors.md says of it (Markdown). */
    public String description() {
        return description;
    }
}
