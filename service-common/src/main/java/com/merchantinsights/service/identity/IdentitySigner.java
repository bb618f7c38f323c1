package com.merchantinsights.service.identity;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The gateway's half: one token per forwarded request, {@code v2.<key id>.<payload>.<signature>} (decision 0038).
 * The payload, base64url, is the request binding's four lines, then the API key id, scope, merchant (empty for
 * none), issue time in epoch milliseconds and a random nonce, one per line; the Ed25519 signature covers a
 * domain prefix, the key id and the payload.
 */
public final class IdentitySigner {
    static final String VERSION = "v2";
    static final byte[] DOMAIN = "merchant-insights identity v2\n".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final IdentityKeys.SigningKey key;
    private final SecureRandom random = new SecureRandom();

    public IdentitySigner(IdentityKeys.SigningKey key) {
        this.key = key;
    }

    public String keyId() {
        return key.keyId();
    }

    public String sign(Identity identity, RequestBinding binding, Instant now) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        if (identity.keyId().indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an API key id may not contain a line break");
        }
        String lines = identity.keyId() + "\n" + identity.scope().wireName() + "\n"
                + identity.merchant().map(MerchantId::value).orElse("") + "\n" + now.toEpochMilli() + "\n"
                + BASE64URL.encodeToString(nonce);
        ByteArrayOutputStream payload = new ByteArrayOutputStream(256);
        payload.writeBytes(binding.canonical());
        payload.write('\n');
        payload.writeBytes(lines.getBytes(StandardCharsets.UTF_8));
        byte[] payloadBytes = payload.toByteArray();
        return VERSION + "." + key.keyId() + "." + BASE64URL.encodeToString(payloadBytes) + "."
                + BASE64URL.encodeToString(signature(key, payloadBytes));
    }

    private static byte[] signature(IdentityKeys.SigningKey key, byte[] payload) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key.key());
        signer.update(DOMAIN, 0, DOMAIN.length);
        byte[] keyId = (key.keyId() + "\n").getBytes(StandardCharsets.US_ASCII);
        signer.update(keyId, 0, keyId.length);
        signer.update(payload, 0, payload.length);
        return signer.generateSignature();
    }
}
