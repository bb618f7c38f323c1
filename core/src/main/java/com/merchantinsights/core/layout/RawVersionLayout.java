package com.merchantinsights.core.layout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a re-derived version of raw events is named and kept (decision 0012). A version is identified by what it
 * re-derives — the logic version, the hour range and the merchants — so that running the same re-derivation again
 * (after a crash, or twice by mistake) rewrites the same rows instead of making a second version.
 */
public final class RawVersionLayout {
    /**
     * The shortest life of a re-derived row: long enough to review the version's diff and switch it live (design
     * decision 7), even for hours re-derived from the archive long after Cassandra's retention.
     */
    public static final Duration MIN_TTL = Duration.ofDays(30);

    private RawVersionLayout() {}

    /** E.g. {@code v2-20261124T00-20261125T00-3f9a1c0b7e21} (the hash covers every input, merchants included). */
    public static String rawVersion(int logicVersion, Instant from, Instant to, Set<String> merchants) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        String identity = logicVersion + "|" + from + "|" + to + "|" + String.join(",", new TreeSet<>(merchants));
        return "v" + logicVersion + "-" + compact(from) + "-" + compact(to) + "-"
                + sha256Hex(identity).substring(0, 12);
    }

    /** TTL of a re-derived row: the raw store's, counted from the event hour, but at least {@link #MIN_TTL}. */
    public static int ttlSeconds(Instant eventHour, Instant now, Duration retention) {
        return Math.max(RawEventLayout.ttlSeconds(eventHour, now, retention), (int) MIN_TTL.getSeconds());
    }

    private static String compact(Instant hour) {
        return hour.toString().substring(0, 13).replace("-", "");
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
