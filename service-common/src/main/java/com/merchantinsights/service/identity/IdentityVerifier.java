package com.merchantinsights.service.identity;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A backend's half: a token is accepted when it is signed by one of the gateway's keys, names this backend, this
 * method, this request target and this body, is at most {@link #MAX_AGE} old and at most {@link #MAX_SKEW} ahead
 * of this clock, and was not seen before (within its lifetime, by this instance).
 */
public final class IdentityVerifier {
    /** Long enough for a request to cross the gateway and wait in a backend's queue; short enough to remember. */
    public static final Duration MAX_AGE = Duration.ofSeconds(30);
    /** How far the gateway's clock may run ahead of a backend's. */
    public static final Duration MAX_SKEW = Duration.ofSeconds(5);

    /** Why a token was refused; logged and counted, never told to the caller. */
    public enum Refusal {
        MISSING,
        MALFORMED,
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        WRONG_AUDIENCE,
        WRONG_REQUEST,
        WRONG_BODY,
        EXPIRED,
        FUTURE_DATED,
        REPLAYED
    }

    /** The identity, or why there is none. */
    public record Result(Optional<Identity> identity, Optional<Refusal> refusal) {
        static Result accepted(Identity identity) {
            return new Result(Optional.of(identity), Optional.empty());
        }

        static Result refused(Refusal refusal) {
            return new Result(Optional.empty(), Optional.of(refusal));
        }
    }

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final Map<String, IdentityKeys.VerificationKey> keys;
    private final String audience;
    private final ReplayGuard replays;

    public IdentityVerifier(Map<String, IdentityKeys.VerificationKey> keys, String audience) {
        if (keys.isEmpty() || keys.size() > IdentityKeys.MAX_VERIFICATION_KEYS) {
            throw new IllegalArgumentException("one or two identity verification keys, not " + keys.size());
        }
        this.keys = Map.copyOf(keys);
        this.audience = Objects.requireNonNull(audience, "audience");
        this.replays = new ReplayGuard(MAX_AGE.plus(MAX_SKEW));
    }

    public String audience() {
        return audience;
    }

    /**
     * Checks everything but the body: the body is read only for a token that is otherwise good, so that nobody
     * makes a backend read bodies without a valid signature.
     */
    public Result verify(String token, String method, String target, BodySource body, Instant now) {
        if (token == null || token.isEmpty()) {
            return Result.refused(Refusal.MISSING);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !IdentitySigner.VERSION.equals(parts[0])) {
            return Result.refused(Refusal.MALFORMED);
        }
        IdentityKeys.VerificationKey key = keys.get(parts[1]);
        if (key == null) {
            return Result.refused(Refusal.UNKNOWN_KEY);
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = BASE64URL.decode(parts[2]);
            signature = BASE64URL.decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return Result.refused(Refusal.MALFORMED);
        }
        if (!signatureHolds(key, payload, signature)) {
            return Result.refused(Refusal.BAD_SIGNATURE);
        }
        String[] lines = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 9) {
            return Result.refused(Refusal.MALFORMED);
        }
        if (!audience.equals(lines[0])) {
            return Result.refused(Refusal.WRONG_AUDIENCE);
        }
        if (!method.equals(lines[1]) || !target.equals(lines[2])) {
            return Result.refused(Refusal.WRONG_REQUEST);
        }
        Instant issued;
        Identity identity;
        try {
            issued = Instant.ofEpochMilli(Long.parseLong(lines[7]));
            Optional<MerchantId> merchant =
                    lines[6].isEmpty() ? Optional.empty() : Optional.of(new MerchantId(lines[6]));
            identity = new Identity(lines[4], Scope.fromWireName(lines[5]), merchant);
        } catch (IllegalArgumentException e) {
            return Result.refused(Refusal.MALFORMED);
        }
        if (issued.isAfter(now.plus(MAX_SKEW))) {
            return Result.refused(Refusal.FUTURE_DATED);
        }
        if (issued.isBefore(now.minus(MAX_AGE))) {
            return Result.refused(Refusal.EXPIRED);
        }
        String bodyDigest = RequestBinding.digest(body.read());
        if (!MessageDigest.isEqual(
                bodyDigest.getBytes(StandardCharsets.US_ASCII), lines[3].getBytes(StandardCharsets.US_ASCII))) {
            return Result.refused(Refusal.WRONG_BODY);
        }
        if (!replays.firstUse(lines[8], issued, now)) {
            return Result.refused(Refusal.REPLAYED);
        }
        return Result.accepted(identity);
    }

    /** The request's body, read only when asked. */
    @FunctionalInterface
    public interface BodySource {
        byte[] read();
    }

    private static boolean signatureHolds(IdentityKeys.VerificationKey key, byte[] payload, byte[] signature) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key.key());
        verifier.update(IdentitySigner.DOMAIN, 0, IdentitySigner.DOMAIN.length);
        byte[] keyId = (key.keyId() + "\n").getBytes(StandardCharsets.US_ASCII);
        verifier.update(keyId, 0, keyId.length);
        verifier.update(payload, 0, payload.length);
        return verifier.verifySignature(signature);
    }
}
