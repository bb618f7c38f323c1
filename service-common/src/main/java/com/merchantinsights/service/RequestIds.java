package com.merchantinsights.service;

import java.util.UUID;
import java.util.regex.Pattern;

/** Request ids: the gateway assigns one per request (or keeps a sane one from the client) and passes it on. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    private RequestIds() {}

    public static String fromHeaderOrNew(String header) {
        return header != null && ACCEPTABLE.matcher(header).matches()
                ? header
                : UUID.randomUUID().toString();
    }
}
