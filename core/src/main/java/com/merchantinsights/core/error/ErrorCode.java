package com.merchantinsights.core.error;

import static com.merchantinsights.core.error.ErrorCategory.CLIENT_ERROR;
import static com.merchantinsights.core.error.ErrorCategory.RETRYABLE;
import static com.merchantinsights.core.error.ErrorCategory.SERVER_ERROR;

/**
 * The error codes of a whole request's answer (the error body of a non-2xx answer). With {@link EventErrorCode} (one
 * event of an ingest request) and {@link DeadLetterCode} (a record the stream could not store) it is the system's one
 * catalogue of machine-readable codes: each has one meaning, a category and its documentation in docs/errors.md (a unit
 * test keeps the two in step both ways, another that no code is typed as a literal outside this package).
 */
public enum ErrorCode implements CatalogueCode {
    MALFORMED_JSON(400, CLIENT_ERROR, "The request body is not valid JSON."),
    INVALID_ENCODING(400, CLIENT_ERROR, "The request body is not valid UTF-8."),
    EMPTY_BATCH(400, CLIENT_ERROR, "The request carries no event."),
    TOO_MANY_EVENTS(400, CLIENT_ERROR, "A request may carry at most 1,000 events."),
    INVALID_FIELD(400, CLIENT_ERROR, "A field has a value that breaks the event contract."),
    MISSING_FIELD(400, CLIENT_ERROR, "A required field is missing."),
    BATCH_REJECTED(400, CLIENT_ERROR, "No event of the request was accepted."),
    INVALID_PARAMETER(400, CLIENT_ERROR, "A query parameter is missing or invalid."),
    UNKNOWN_METRIC(400, CLIENT_ERROR, "The metric is not in the metrics catalogue."),
    UNKNOWN_DIMENSION(400, CLIENT_ERROR, "The dimension is not one of the cube's dimensions."),
    RANGE_TOO_LONG(400, CLIENT_ERROR, "The date range has too many buckets for the granularity."),
    UNSUPPORTED_GROUPING(400, CLIENT_ERROR, "No grouping set of the cube groups by these dimensions together."),
    BREAKDOWN_NOT_ALIGNED(
            400,
            CLIENT_ERROR,
            "A breakdown or filter in another time zone needs that zone's buckets to"
                    + " be made of the merchant's local hours; ask in the merchant's zone, or for totals."),
    UNAUTHENTICATED(401, CLIENT_ERROR, "A valid API key is required: Authorization: Bearer <key>."),
    FORBIDDEN(403, CLIENT_ERROR, "The API key may not do this."),
    MERCHANT_FORBIDDEN(403, CLIENT_ERROR, "The API key may not read or write this merchant's data."),
    NOT_FOUND(404, CLIENT_ERROR, "No such route."),
    UNKNOWN_MERCHANT(404, CLIENT_ERROR, "No merchant with this id is registered or has data."),
    STATE_CONFLICT(
            409, CLIENT_ERROR, "The operation does not fit the current state (e.g. switching a run still building)."),
    PAYLOAD_TOO_LARGE(413, CLIENT_ERROR, "The request body is larger than allowed."),
    UNSUPPORTED_MEDIA_TYPE(415, CLIENT_ERROR, "The content type is not supported."),
    QUERY_TOO_LARGE(
            422,
            CLIENT_ERROR,
            "The answer would hold more cube rows than a query may read; narrow the range, use a coarser"
                    + " granularity or fewer groups."),
    RATE_LIMITED(429, RETRYABLE, "Too many requests for this API key; retry after the indicated delay."),
    MERCHANT_QUOTA_EXCEEDED(
            429,
            RETRYABLE,
            "Too many queries for this merchant at once or per second; retry after the indicated delay."),
    INTERNAL(500, SERVER_ERROR, "Something went wrong on our side; the request id helps us find it."),
    BACKEND_UNAVAILABLE(503, RETRYABLE, "A backend is unavailable; retry after the indicated delay."),
    WAREHOUSE_UNAVAILABLE(
            503,
            RETRYABLE,
            "The metrics warehouse is unavailable or too slow right now; retry after the indicated delay.",
            5),
    OVERLOADED(503, RETRYABLE, "The service is at capacity; retry after the indicated delay."),
    EVENT_STORE_UNAVAILABLE(503, RETRYABLE, "Events cannot be stored right now; nothing of this request was accepted.");

    private final int httpStatus;
    private final ErrorCategory category;
    private final String defaultMessage;
    private final long retryAfterSeconds;

    ErrorCode(int httpStatus, ErrorCategory category, String defaultMessage) {
        this(httpStatus, category, defaultMessage, category == RETRYABLE ? 1 : 0);
    }

    /** A code whose answers say when to retry other than in a second (a warehouse outage is not over that soon). */
    ErrorCode(int httpStatus, ErrorCategory category, String defaultMessage, long retryAfterSeconds) {
        this.httpStatus = httpStatus;
        this.category = category;
        this.defaultMessage = defaultMessage;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int httpStatus() {
        return httpStatus;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /**
     * The {@code Retry-After} of this code's answers when nothing better is known: a warehouse outage is not over in a
     * second; other transient failures usually are. 0 for codes that are not {@link #retryable()}. Answers that
     * know more (a rate limit's refill, an overload's queue) say so themselves.
     */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Transient failures a client should retry (Retry-After accompanies them). */
    public boolean retryable() {
        return category == ErrorCategory.RETRYABLE;
    }
}
