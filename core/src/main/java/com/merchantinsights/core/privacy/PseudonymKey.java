package com.merchantinsights.core.privacy;

import java.util.Base64;
import java.util.Objects;

/**
 * The installation's pseudonymisation secret as configured: {@code <key id>:<base64 of at least 32 random bytes>}
 * (issue 23). Each thread makes its own {@link Pseudonymizer} from it.
 */
public record PseudonymKey(String keyId, byte[] secret) {
    public PseudonymKey {
        Objects.requireNonNull(keyId, "keyId");
        secret = Objects.requireNonNull(secret, "secret").clone();
        new Pseudonymizer(keyId, secret); // refuses an unsafe key id or a short secret
    }

    /** Parses {@code <key id>:<base64>}; IllegalArgumentException naming what is wrong, never the secret. */
    public static PseudonymKey parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("a pseudonym key is <key id>:<base64 secret>");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(text.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a pseudonym key's secret is not base64");
        }
        return new PseudonymKey(text.substring(0, colon), secret);
    }

    public Pseudonymizer pseudonymizer() {
        return new Pseudonymizer(keyId, secret);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The key id only. */
    @Override
    public String toString() {
        return "PseudonymKey[keyId=" + keyId + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PseudonymKey key
                && key.keyId.equals(keyId)
                && java.util.Arrays.equals(key.secret, secret);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }
}
