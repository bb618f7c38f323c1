package com.merchantinsights.core.error;

/** What a caller should do about an error: fix the request, retry it later, or report it to us. */
public enum ErrorCategory {
    /** The request (or event) breaks a rule; sending it again unchanged gets the same answer. */
    CLIENT_ERROR,
    /** A transient condition; the same request may succeed later (HTTP answers carry Retry-After). */
    RETRYABLE,
    /** A failure on our side that retrying is not known to cure; the request id helps us find it. */
    SERVER_ERROR
}
