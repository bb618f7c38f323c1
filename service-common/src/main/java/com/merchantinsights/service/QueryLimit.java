package com.merchantinsights.service;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;

/**
 * A {@code limit} query parameter: the default without it, 1 to the maximum with it, otherwise a 400
 * {@code invalid_parameter} naming it. (Javalin 7's validator runs a {@code check} on a missing parameter too, which
 * made a missing {@code limit} a NullPointerException.)
 */
public final class QueryLimit {
    private QueryLimit() {}

    public static int parse(String text, int fallback, int max) {
        if (text == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InsightsException(ErrorCode.INVALID_PARAMETER, "limit is 1 to " + max, "limit");
    }
}
