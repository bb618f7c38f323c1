package com.merchantinsights.core.error;

/**
 * The one catalogue of machine-readable error codes the public API answers with. Each code has one HTTP
 * status and a default message; docs/errors.md lists them all (a unit test keeps the two in step).
 */
public enum ErrorCode {
    MALFORMED_JSON(400, "The request body is not valid JSON."),
    INVALID_ENCODING(400, "The request body is not valid UTF-8."),
    EMPTY_BATCH(400, "The request carries no event."),
    TOO_MANY_EVENTS(400, "A request may carry at most 1,000 events."),
    INVALID_FIELD(400, "A field has a value that breaks the event contract."),
    MISSING_FIELD(400, "A required field is missing."),
    BATCH_REJECTED(400, "No event of the request was accepted."),
    INVALID_PARAMETER(400, "A query parameter is missing or invalid."),
    UNKNOWN_METRIC(400, "The metric is not in the metrics catalogue."),
    UNKNOWN_DIMENSION(400, "The dimension is not one of the cube's dimensions."),
    RANGE_TOO_LONG(400, "The date range has too many buckets for the granularity."),
    UNSUPPORTED_GROUPING(400, "No grouping set of the cube groups by these dimensions together."),
    BREAKDOWN_NOT_ALIGNED(400, "A breakdown or filter in another time zone needs that zone's buckets to be made of the"
            + " merchant's local hours; ask in the merchant's zone, or for totals."),
    UNAUTHENTICATED(401, "A valid API key is required: Authorization: Bearer <key>."),
    FORBIDDEN(403, "The API key may not do this."),
    MERCHANT_FORBIDDEN(403, "The API key may not read or write this merchant's data."),
    NOT_FOUND(404, "No such route."),
    PAYLOAD_TOO_LARGE(413, "The request body is larger than allowed."),
    UNSUPPORTED_MEDIA_TYPE(415, "The content type is not supported."),
    RATE_LIMITED(429, "Too many requests for this API key; retry after the indicated delay."),
    INTERNAL(500, "Something went wrong on our side; the request id helps us find it."),
    BACKEND_UNAVAILABLE(503, "A backend is unavailable; retry after the indicated delay."),
    EVENT_STORE_UNAVAILABLE(503, "Events cannot be stored right now; nothing of this request was accepted.");

    private final int httpStatus;
    private final String defaultMessage;

    ErrorCode(int httpStatus, String defaultMessage) {
        this.httpStatus = httpStatus;
        this.defaultMessage = defaultMessage;
    }

    /** The code as it appears in error bodies, e.g. {@code batch_rejected}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** Transient failures a client should retry (Retry-After accompanies them). */
    public boolean retryable() {
        return httpStatus == 429 || httpStatus == 503;
    }
}
