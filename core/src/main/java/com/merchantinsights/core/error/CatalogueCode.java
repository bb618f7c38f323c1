package com.merchantinsights.core.error;

import java.util.Locale;

/**
 * A code of the error catalogue ({@link ErrorCode}, {@link EventErrorCode}, {@link DeadLetterCode}): an enum constant
 * whose wire form is its name in lower case, with a category.
 */
public interface CatalogueCode {
    /** The enum constant's name, e.g. {@code INVALID_TIMESTAMP}. */
    String name();

    ErrorCategory category();

    /** The code as answers, event errors and dead letters carry it, e.g. {@code invalid_timestamp}. */
    default String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
