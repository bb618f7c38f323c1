package com.merchantinsights.core.privacy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    private static final int BLOCK = 64;
    private static final int HASH = 32;
    private static final byte[] BASE64URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

    private final String keyId;
    /** {@code ps1.<key id>.}: what every pseudonym of this key starts with. */
    private final byte[] head;

    private final Mac installation;
    /**
     * HMAC's two SHA-256 states after the merchant key's inner and outer pad, for each recent merchant: an identifier
     * then costs one compression on each side (and two state copies) instead of four compressions, which is what
     * {@link Mac} does for every message. The output is HMAC-SHA256's exactly.
     */
    private final Map<String, MerchantKey> merchantKeys = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MerchantKey> eldest) {
            return size() > MERCHANT_KEYS_KEPT;
        }
    };

    private final byte[] digest = new byte[HASH];

    /** The SHA-256 states after a merchant key's pads (RFC 2104). */
    private record MerchantKey(MessageDigest inner, MessageDigest outer) {}

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
        this.head = (PREFIX + keyId + ".").getBytes(StandardCharsets.US_ASCII);
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
        byte[] bytes = identifier.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length()];
        pseudonymInto(merchantId, bytes, 0, bytes.length, out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** The length in bytes (ASCII) of every pseudonym this instance makes. */
    public int length() {
        return head.length + 22;
    }

    /**
     * Writes the pseudonym of the identifier {@code src[offset, offset + length)} (its UTF-8 bytes) into {@code out}
     * at {@code position} — {@link #length()} bytes — or copies the identifier when it already is a pseudonym
     * ({@link #isPseudonym(byte[], int, int)}); answers the position after what it wrote. Allocation-free: what the
     * events API's fast path splices into the bytes it publishes.
     */
    public int pseudonymInto(String merchantId, byte[] src, int offset, int length, byte[] out, int position) {
        Objects.requireNonNull(merchantId, "merchantId");
        if (isPseudonym(src, offset, length)) {
            System.arraycopy(src, offset, out, position, length);
            return position + length;
        }
        MerchantKey key = merchantKeys.computeIfAbsent(merchantId, this::merchantKey);
        try {
            MessageDigest inner = (MessageDigest) key.inner().clone();
            inner.update(src, offset, length);
            inner.digest(digest, 0, HASH);
            MessageDigest outer = (MessageDigest) key.outer().clone();
            outer.update(digest, 0, HASH);
            outer.digest(digest, 0, HASH);
        } catch (CloneNotSupportedException | java.security.DigestException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable and takes a 32-byte output", e);
        }
        int p = position;
        System.arraycopy(head, 0, out, p, head.length);
        p += head.length;
        // 128 bits as base64url without padding: five 3-byte groups, then the last byte as two characters.
        for (int k = 0; k < 15; k += 3) {
            int v = (digest[k] & 0xff) << 16 | (digest[k + 1] & 0xff) << 8 | (digest[k + 2] & 0xff);
            out[p++] = BASE64URL[v >>> 18];
            out[p++] = BASE64URL[(v >>> 12) & 63];
            out[p++] = BASE64URL[(v >>> 6) & 63];
            out[p++] = BASE64URL[v & 63];
        }
        int last = digest[15] & 0xff;
        out[p++] = BASE64URL[last >>> 2];
        out[p++] = BASE64URL[(last & 3) << 4];
        return p;
    }

    /** {@link #isPseudonym(String)} of bytes, without making a string. */
    public static boolean isPseudonym(byte[] src, int offset, int length) {
        int prefix = PREFIX.length();
        if (length <= prefix + 1) {
            return false;
        }
        for (int i = 0; i < prefix; i++) {
            if (src[offset + i] != PREFIX.charAt(i)) {
                return false;
            }
        }
        // As the string form: the first '.' after the prefix must not come right after it.
        if (src[offset + prefix] == '.') {
            return false;
        }
        for (int i = prefix + 1; i < length; i++) {
            if (src[offset + i] == '.') {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code value} has a pseudonym's form (of any key). */
    public static boolean isPseudonym(String value) {
        return value != null && value.startsWith(PREFIX) && value.indexOf('.', PREFIX.length()) > PREFIX.length();
    }

    /** The merchant's key (HMAC of its id under the installation's secret), as HMAC's two padded states. */
    private MerchantKey merchantKey(String merchantId) {
        byte[] key = installation.doFinal(("merchant:" + merchantId).getBytes(StandardCharsets.UTF_8));
        byte[] innerPad = new byte[BLOCK];
        byte[] outerPad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5c);
        }
        try {
            MessageDigest inner = MessageDigest.getInstance("SHA-256");
            inner.update(innerPad);
            MessageDigest outer = MessageDigest.getInstance("SHA-256");
            outer.update(outerPad);
            return new MerchantKey(inner, outer);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The key id only: a log line must never carry the secret. */
    @Override
    public String toString() {
        return "Pseudonymizer[keyId=" + keyId + "]";
    }
}
