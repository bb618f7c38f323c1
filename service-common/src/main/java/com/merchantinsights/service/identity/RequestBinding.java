package com.merchantinsights.service.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * What an identity token is bound to: the backend it is for, the method, the request target exactly as sent (raw
 * path and query) and the SHA-256 of the body. A token taken from one request is worth nothing on any other.
 *
 * @param audience   the backend's name, e.g. {@code events-api}
 * @param method     the HTTP method, upper case
 * @param target     the raw path, and {@code ?} and the raw query when there is one
 * @param bodyDigest the body's SHA-256, base64url without padding (the empty body's digest when there is none)
 */
public record RequestBinding(String audience, String method, String target, String bodyDigest) {
    public RequestBinding {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(bodyDigest, "bodyDigest");
        for (String field : new String[] {audience, method, target, bodyDigest}) {
            if (field.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a request binding field may not contain a line break");
            }
        }
    }

    public static RequestBinding of(String audience, String method, String path, String rawQuery, byte[] body) {
        String target = rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + rawQuery;
        return new RequestBinding(audience, method, target, digest(body));
    }

    /** Every GET's digest, and most DELETEs': computed once. */
    private static final String EMPTY_BODY_DIGEST = sha256(new byte[0]);

    public static String digest(byte[] body) {
        return body.length == 0 ? EMPTY_BODY_DIGEST : sha256(body);
    }

    private static String sha256(byte[] body) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    byte[] canonical() {
        return (audience + "\n" + method + "\n" + target + "\n" + bodyDigest).getBytes(StandardCharsets.UTF_8);
    }
}
