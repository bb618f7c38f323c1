package com.merchantinsights.core.event;

import java.util.Objects;
import java.util.regex.Pattern;

/** A merchant's identity as the platform names it; every read and write is scoped by one. */
public record MerchantId(String value) {
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    public MerchantId {
        Objects.requireNonNull(value, "value");
        if (!PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException("merchant_id must match " + PATTERN.pattern());
        }
    }

    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
