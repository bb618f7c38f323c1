package com.merchantinsights.core.privacy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a person's identifiers ({@code customer_id}, {@code anonymous_id}) with a keyed pseudonym before they are
 * stored (issue 23): HMAC-SHA256 under a key of the merchant's own, itself HMAC-SHA256 of the merchant's id under the
 * installation's secret. The same identifier of the same merchant gives the same pseudonym, so duplicates, versions and
 * unique-customer sketches count exactly as with the identifiers; another merchant's pseudonym of the same identifier
 * differs, so pseudonyms cannot be joined across merchants; without the secret nobody can go back, or test a guess.
 * The pseudonym names its key ({@code ps1.<key id>.<128 bits, base64url>}), so that a rotation's new pseudonyms are told
 * apart from the old. Not thread-safe (the keyed MACs it keeps per recent merchant): one per thread or task.
 */
public final class Pseudonymizer {
    /** What every pseudonym starts with: the scheme's version. */
    public static final String PREFIX = "ps1.";

    /** The secret's least length: a key as long as the MAC's output. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{1,16}");
    private static final int MERCHANT_KEYS_KEPT = 10_000;
    private static final int PSEUDONYM_BYTES = 16;

    private final String keyId;
    private final Mac installation;
    /**
     * A MAC keyed for each recent merchant: keying costs two SHA-256 blocks, as much as the identifier's own hash, and
     * {@code doFinal} leaves a MAC keyed for the next identifier.
     */
    private final Map<String, Mac> merchantMacs = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Mac> eldest) {
            return size() > MERCHANT_KEYS_KEPT;
        }
    };

    /**
     * @param keyId  names the secret in every pseudonym: lower-case letters and digits, at most 16
     * @param secret at least {@link #MIN_SECRET_BYTES} random bytes
     */
    public Pseudonymizer(String keyId, byte[] secret) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(secret, "secret");
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("a key id is 1 to 16 lower-case letters and digits: " + keyId);
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "a pseudonymisation secret has at least " + MIN_SECRET_BYTES + " bytes, not " + secret.length);
        }
        this.keyId = keyId;
        try {
            this.installation = Mac.getInstance(ALGORITHM);
            this.installation.init(new SecretKeySpec(secret, ALGORITHM));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The key id this instance writes into its pseudonyms. */
    public String keyId() {
        return keyId;
    }

    /**
     * The pseudonym of {@code identifier} for {@code merchantId}; a value that is already a pseudonym (a replay, a
     * re-derivation of stored rows) is returned as it is.
     */
    public String pseudonym(String merchantId, String identifier) {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(identifier, "identifier");
        if (isPseudonym(identifier)) {
            return identifier;
        }
        byte[] mac = merchantMacs
                .computeIfAbsent(merchantId, this::merchantMac)
                .doFinal(identifier.getBytes(StandardCharsets.UTF_8));
        return PREFIX + keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(truncate(mac));
    }

    /** Whether {@code value} has a pseudonym's form (of any key). */
    public static boolean isPseudonym(String value) {
        return value != null && value.startsWith(PREFIX) && value.indexOf('.', PREFIX.length()) > PREFIX.length();
    }

    private Mac merchantMac(String merchantId) {
        byte[] key = installation.doFinal(("merchant:" + merchantId).getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] truncate(byte[] mac) {
        byte[] out = new byte[PSEUDONYM_BYTES];
        System.arraycopy(mac, 0, out, 0, PSEUDONYM_BYTES);
        return out;
    }

    /** The key id only: a log line must never carry the secret. */
    @Override
    public String toString() {
        return "Pseudonymizer[keyId=" + keyId + "]";
    }
}
