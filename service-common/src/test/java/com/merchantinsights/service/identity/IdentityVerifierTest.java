package com.merchantinsights.service.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.identity.IdentityVerifier.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentityVerifierTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final byte[] BODY = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final Identity WRITER =
            new Identity("key-1", Scope.MERCHANT_WRITE, Optional.of(new MerchantId("m1")));

    private final IdentityKeys.SigningKey gatewayKey = IdentityKeys.generate("k1");
    private final IdentitySigner signer = new IdentitySigner(gatewayKey);
    private final IdentityVerifier eventsApi = verifier(Audiences.EVENTS_API, gatewayKey.verificationKey());

    private static IdentityVerifier verifier(String audience, IdentityKeys.VerificationKey... keys) {
        Map<String, IdentityKeys.VerificationKey> byId = new java.util.HashMap<>();
        for (IdentityKeys.VerificationKey key : keys) {
            byId.put(key.keyId(), key);
        }
        return new IdentityVerifier(byId, audience);
    }

    private String tokenFor(String method, String target, byte[] body, Instant issued) {
        return signer.sign(
                WRITER, new RequestBinding(Audiences.EVENTS_API, method, target, RequestBinding.digest(body)), issued);
    }

    private IdentityVerifier.Result verify(IdentityVerifier verifier, String token, String method, String target) {
        return verifier.verify(token, method, target, () -> BODY, NOW);
    }

    @Test
    void aTokenForThisRequestIsAcceptedWithItsIdentity() {
        String token = tokenFor("POST", "/v1/events?x=1", BODY, NOW);
        assertThat(verify(eventsApi, token, "POST", "/v1/events?x=1").identity())
                .contains(WRITER);
    }

    @Test
    void aTokenIsGoodForOneRequestOnly() {
        String token = tokenFor("POST", "/v1/events", BODY, NOW);
        assertThat(verify(eventsApi, token, "POST", "/v1/events").identity()).contains(WRITER);
        assertThat(verify(eventsApi, token, "POST", "/v1/events").refusal()).contains(Refusal.REPLAYED);
    }

    @Test
    void aTokenIsBoundToTheBackendTheMethodTheTargetAndTheBody() {
        IdentityVerifier insightsApi = verifier(Audiences.INSIGHTS_API, gatewayKey.verificationKey());
        assertThat(verify(insightsApi, tokenFor("POST", "/v1/events", BODY, NOW), "POST", "/v1/events")
                        .refusal())
                .contains(Refusal.WRONG_AUDIENCE);
        assertThat(verify(eventsApi, tokenFor("GET", "/v1/events", BODY, NOW), "POST", "/v1/events")
                        .refusal())
                .contains(Refusal.WRONG_REQUEST);
        assertThat(verify(eventsApi, tokenFor("POST", "/v1/events?merchant_id=m1", BODY, NOW), "POST", "/v1/events")
                        .refusal())
                .contains(Refusal.WRONG_REQUEST);
        byte[] other = "{\"events\":[{}]}".getBytes(StandardCharsets.UTF_8);
        assertThat(verify(eventsApi, tokenFor("POST", "/v1/events", other, NOW), "POST", "/v1/events")
                        .refusal())
                .contains(Refusal.WRONG_BODY);
    }

    @Test
    void aTokenOutsideItsLifetimeIsRefused() {
        Instant tooOld = NOW.minus(IdentityVerifier.MAX_AGE).minusSeconds(1);
        Instant tooNew = NOW.plus(IdentityVerifier.MAX_SKEW).plusSeconds(1);
        assertThat(verify(eventsApi, tokenFor("POST", "/v1/events", BODY, tooOld), "POST", "/v1/events")
                        .refusal())
                .contains(Refusal.EXPIRED);
        assertThat(verify(eventsApi, tokenFor("POST", "/v1/events", BODY, tooNew), "POST", "/v1/events")
                        .refusal())
                .contains(Refusal.FUTURE_DATED);
        Instant withinSkew = NOW.plus(IdentityVerifier.MAX_SKEW);
        assertThat(verify(eventsApi, tokenFor("POST", "/v1/events", BODY, withinSkew), "POST", "/v1/events")
                        .identity())
                .contains(WRITER);
    }

    @Test
    void aForgedOrAlteredTokenIsRefused() {
        String forged = new IdentitySigner(IdentityKeys.generate("k1"))
                .sign(
                        WRITER,
                        new RequestBinding(Audiences.EVENTS_API, "POST", "/v1/events", RequestBinding.digest(BODY)),
                        NOW);
        assertThat(verify(eventsApi, forged, "POST", "/v1/events").refusal()).contains(Refusal.BAD_SIGNATURE);

        String[] parts = tokenFor("POST", "/v1/events", BODY, NOW).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
        String otherMerchant = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.replace("\nm1\n", "\nm2\n").getBytes(StandardCharsets.UTF_8));
        assertThat(verify(
                                eventsApi,
                                parts[0] + "." + parts[1] + "." + otherMerchant + "." + parts[3],
                                "POST",
                                "/v1/events")
                        .refusal())
                .contains(Refusal.BAD_SIGNATURE);

        assertThat(verify(eventsApi, null, "POST", "/v1/events").refusal()).contains(Refusal.MISSING);
        assertThat(verify(eventsApi, "key-1|platform||0|mac", "POST", "/v1/events")
                        .refusal())
                .contains(Refusal.MALFORMED);
        assertThat(verify(eventsApi, "v2.k2." + parts[2] + "." + parts[3], "POST", "/v1/events")
                        .refusal())
                .contains(Refusal.UNKNOWN_KEY);
    }

    @Test
    void duringARotationBothKeysAreAccepted() {
        IdentityKeys.SigningKey next = IdentityKeys.generate("k2");
        IdentityVerifier rotating =
                verifier(Audiences.EVENTS_API, gatewayKey.verificationKey(), next.verificationKey());
        RequestBinding binding =
                new RequestBinding(Audiences.EVENTS_API, "POST", "/v1/events", RequestBinding.digest(BODY));
        assertThat(verify(rotating, signer.sign(WRITER, binding, NOW), "POST", "/v1/events")
                        .identity())
                .contains(WRITER);
        assertThat(verify(rotating, new IdentitySigner(next).sign(WRITER, binding, NOW), "POST", "/v1/events")
                        .identity())
                .contains(WRITER);
    }

    @Test
    void theSignatureIsPlainEd25519ThatTheJdkVerifies() throws Exception {
        String[] parts = tokenFor("POST", "/v1/events", BODY, NOW).split("\\.");
        String publicKey = gatewayKey.verificationKey().encoded().substring("k1:".length());
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))));
        jdk.update(IdentitySigner.DOMAIN);
        jdk.update("k1\n".getBytes(StandardCharsets.US_ASCII));
        jdk.update(Base64.getUrlDecoder().decode(parts[2]));
        assertThat(jdk.verify(Base64.getUrlDecoder().decode(parts[3]))).isTrue();
    }

    @Test
    void keysRoundTripThroughTheirSettingsAndMalformedOnesAreRefused() {
        IdentityKeys.SigningKey parsed = IdentityKeys.parseSigningKey(gatewayKey.encoded());
        assertThat(parsed.verificationKey().encoded())
                .isEqualTo(gatewayKey.verificationKey().encoded());
        assertThat(parsed.toString()).doesNotContain(gatewayKey.encoded().substring(3));
        String two = gatewayKey.verificationKey().encoded() + ","
                + IdentityKeys.generate("k2").verificationKey().encoded();
        assertThat(IdentityKeys.parseVerificationKeys(two)).containsOnlyKeys("k1", "k2");
        String three = two + "," + IdentityKeys.generate("k3").verificationKey().encoded();
        assertThatThrownBy(() -> IdentityKeys.parseVerificationKeys(three)).hasMessageContaining("at most 2");
        assertThatThrownBy(() -> IdentityKeys.parseSigningKey(
                        gatewayKey.verificationKey().encoded()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdentityKeys.parseSigningKey("no key id"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdentityKeys.parseSigningKey(
                        "bad.id:" + gatewayKey.encoded().substring(3)))
                .hasMessageContaining("key id");
    }

    @Test
    void theReplayGuardForgetsNoncesOnlyAfterTheirTokensExpired() {
        ReplayGuard guard = new ReplayGuard(java.time.Duration.ofSeconds(35));
        assertThat(guard.firstUse("n1", NOW, NOW)).isTrue();
        assertThat(guard.firstUse("n1", NOW, NOW.plusSeconds(34))).isFalse();
        assertThat(guard.firstUse("n2", NOW.plusSeconds(40), NOW.plusSeconds(40)))
                .isTrue();
        assertThat(guard.size()).as("n1 swept once its token expired").isEqualTo(1);
    }
}
