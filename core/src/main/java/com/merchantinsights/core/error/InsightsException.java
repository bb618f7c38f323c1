package com.merchantinsights.core.error;

import java.util.Objects;
import java.util.Optional;

/** The one exception type that carries a catalogued error; each service maps it to the documented body. */
public class InsightsException extends RuntimeException {
    private final ErrorCode code;
    private final String field;
    private final long retryAfterSeconds;

    public InsightsException(ErrorCode code, String message, String field) {
        this(code, message, field, code.retryAfterSeconds());
    }

    /** A retryable error whose wait depends on the moment (a quota's next token), not only on its code. */
    public InsightsException(ErrorCode code, String message, String field, long retryAfterSeconds) {
        super(message == null ? code.defaultMessage() : message);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The seconds a client should wait before a retry ({@code Retry-After}), for a retryable code. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public InsightsException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public InsightsException(ErrorCode code) {
        this(code, null, null);
    }

    public ErrorCode code() {
        return code;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
