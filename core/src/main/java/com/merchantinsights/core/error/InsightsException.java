package com.merchantinsights.core.error;

import java.util.Objects;
import java.util.Optional;

/** The one exception type that carries a catalogued error; each service maps it to the documented body. */
public class InsightsException extends RuntimeException {
    private final ErrorCode code;
    private final String field;

    public InsightsException(ErrorCode code, String message, String field) {
        super(message == null ? code.defaultMessage() : message);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
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
