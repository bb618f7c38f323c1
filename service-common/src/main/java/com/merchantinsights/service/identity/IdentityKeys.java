package com.merchantinsights.service.identity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * The gateway's Ed25519 keys as settings carry them: {@code <key id>:<base64 DER>} — PKCS#8 for the signing key,
 * X.509 SubjectPublicKeyInfo for a verification key; the formats {@code openssl genpkey -algorithm ed25519} and
 * {@code openssl pkey -pubout} write (docs/operations.md#security).
 */
public final class IdentityKeys {
    /** Key ids travel in every token: short, and nothing that could be confused with its separators. */
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** The one in use and the one being rotated in or out. */
    public static final int MAX_VERIFICATION_KEYS = 2;

    private IdentityKeys() {}

    /** The gateway's private key with its id. */
    public record SigningKey(String keyId, Ed25519PrivateKeyParameters key) {
        public SigningKey {
            requireKeyId(keyId);
        }

        public VerificationKey verificationKey() {
            return new VerificationKey(keyId, key.generatePublicKey());
        }

        /** The setting's text: {@code <key id>:<base64 PKCS#8>}. */
        public String encoded() {
            return setting(
                    keyId, () -> PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded());
        }

        /** Never the key: a log line must not carry it. */
        @Override
        public String toString() {
            return "SigningKey[keyId=" + keyId + ", key=***]";
        }
    }

    /** One of the gateway's public keys with its id. */
    public record VerificationKey(String keyId, Ed25519PublicKeyParameters key) {
        public VerificationKey {
            requireKeyId(keyId);
        }

        /** The setting's text: {@code <key id>:<base64 SubjectPublicKeyInfo>}. */
        public String encoded() {
            return setting(
                    keyId,
                    () -> SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key)
                            .getEncoded());
        }
    }

    /** DER that Bouncy Castle encodes (it declares IOException; in memory it never throws one). */
    private interface Der {
        byte[] encode() throws java.io.IOException;
    }

    private static String setting(String keyId, Der der) {
        try {
            return keyId + ":" + Base64.getEncoder().encodeToString(der.encode());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SigningKey generate(String keyId) {
        return new SigningKey(keyId, new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    /** {@code <key id>:<base64 PKCS#8 DER>}. */
    public static SigningKey parseSigningKey(String setting) {
        String[] parts = split(setting, "signing key");
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(decode(parts[1], "signing key"));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("the identity signing key is not a PKCS#8 key", e);
        }
        if (!(key instanceof Ed25519PrivateKeyParameters ed25519)) {
            throw new IllegalArgumentException("the identity signing key must be an Ed25519 key");
        }
        return new SigningKey(parts[0], ed25519);
    }

    /** One or two {@code <key id>:<base64 SubjectPublicKeyInfo DER>}, separated by commas. */
    public static Map<String, VerificationKey> parseVerificationKeys(String setting) {
        Map<String, VerificationKey> keys = new LinkedHashMap<>();
        for (String one : setting.split(",")) {
            String[] parts = split(one.trim(), "verification key");
            AsymmetricKeyParameter key;
            try {
                key = PublicKeyFactory.createKey(decode(parts[1], "verification key"));
            } catch (java.io.IOException | RuntimeException e) {
                throw new IllegalArgumentException(
                        "identity verification key " + parts[0] + " is not a SubjectPublicKeyInfo", e);
            }
            if (!(key instanceof Ed25519PublicKeyParameters ed25519)) {
                throw new IllegalArgumentException("identity verification key " + parts[0] + " must be Ed25519");
            }
            if (keys.put(parts[0], new VerificationKey(parts[0], ed25519)) != null) {
                throw new IllegalArgumentException("identity verification key id " + parts[0] + " appears twice");
            }
        }
        if (keys.size() > MAX_VERIFICATION_KEYS) {
            throw new IllegalArgumentException("at most " + MAX_VERIFICATION_KEYS
                    + " identity verification keys (the current one and the one being rotated)");
        }
        return Map.copyOf(keys);
    }

    private static String[] split(String setting, String what) {
        int colon = setting == null ? -1 : setting.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("an identity " + what + " is written <key id>:<base64 DER>");
        }
        String keyId = setting.substring(0, colon);
        requireKeyId(keyId);
        return new String[] {keyId, setting.substring(colon + 1).trim()};
    }

    private static byte[] decode(String base64, String what) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the identity " + what + " is not base64", e);
        }
    }

    private static void requireKeyId(String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("an identity key id is 1 to 32 of A-Z a-z 0-9 _ -, not " + keyId);
        }
    }
}
