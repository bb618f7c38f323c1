package com.merchantinsights.core.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys are 256-bit random secrets; only their SHA-256 digest is stored. A fast hash is right for
 * high-entropy keys (a slow password hash would sink ingest throughput and adds nothing against brute force).
 */
public final class ApiKeyDigest {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Keys start with this prefix so that secret scanners and humans recognise them. */
    public static final String PREFIX = "mi_";

    private ApiKeyDigest() {}

    public static String newKey() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
