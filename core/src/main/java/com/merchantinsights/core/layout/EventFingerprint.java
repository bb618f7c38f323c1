package com.merchantinsights.core.layout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two versions of one event identity "the same" (decision 0008): every field the cubes count or the
 * raw store keeps, but not received_at, which the edge stamps on each re-send. Length-prefixed fields so that
 * no two different events can concatenate to the same text; 128 bits of SHA-256 are plenty for equality. In core
 * so that the stream processor and the benchmark's plain driver writer deduplicate by the same definition.
 */
public final class EventFingerprint {
    private EventFingerprint() {}

    public static String of(
            String merchantId,
            String eventId,
            String type,
            Instant occurredAt,
            String customerId,
            String anonymousId,
            Long amount,
            String currency,
            Map<String, String> dimensions,
            String properties) {
        StringBuilder text = new StringBuilder(256);
        append(text, merchantId);
        append(text, eventId);
        append(text, type);
        append(text, occurredAt == null ? null : occurredAt.toString());
        append(text, customerId);
        append(text, anonymousId);
        append(text, amount == null ? null : amount.toString());
        append(text, currency);
        if (dimensions == null) {
            append(text, null);
        } else {
            for (Map.Entry<String, String> d : new TreeMap<>(dimensions).entrySet()) {
                append(text, d.getKey());
                append(text, d.getValue());
            }
        }
        append(text, properties);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(text.toString()));
    }

    private static void append(StringBuilder text, String value) {
        if (value == null) {
            text.append("-1:");
        } else {
            text.append(value.length()).append(':').append(value);
        }
    }

    private static byte[] sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.Arrays.copyOf(digest, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
