package com.merchantinsights.core.identity;

import com.merchantinsights.core.event.MerchantId;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateway's signed statement of who is calling, carried in one header to the backends:
 * {@code keyId|scope|merchant|issuedAtEpochSecond|base64url(HMAC-SHA256)}. Backends refuse requests without a
 * valid, recent token, so nothing reaches them except through the gateway.
 */
public final class IdentityToken {
    public static final String HEADER = "X-Insights-Identity";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final SecretKeySpec key;

    public IdentityToken(String sharedSecret) {
        if (sharedSecret == null || sharedSecret.length() < 32) {
            throw new IllegalArgumentException("the gateway signing secret must have at least 32 characters");
        }
        this.key = new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public String sign(Identity identity, Instant now) {
        String body = identity.keyId() + "|" + identity.scope().wireName() + "|"
                + identity.merchant().map(MerchantId::value).orElse("") + "|" + now.getEpochSecond();
        return body + "|" + mac(body);
    }

    /** The identity if the token is well formed, correctly signed and recent; empty otherwise. */
    public Optional<Identity> verify(String token, Instant now) {
        if (token == null) {
            return Optional.empty();
        }
        int lastBar = token.lastIndexOf('|');
        if (lastBar < 0) {
            return Optional.empty();
        }
        String body = token.substring(0, lastBar);
        byte[] given = token.substring(lastBar + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, mac(body).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String[] parts = body.split("\\|", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            Instant issued = Instant.ofEpochSecond(Long.parseLong(parts[3]));
            if (Duration.between(issued, now).abs().compareTo(MAX_AGE) > 0) {
                return Optional.empty();
            }
            Optional<MerchantId> merchant =
                    parts[2].isEmpty() ? Optional.empty() : Optional.of(new MerchantId(parts[2]));
            return Optional.of(new Identity(parts[0], Scope.fromWireName(parts[1]), merchant));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String mac(String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
