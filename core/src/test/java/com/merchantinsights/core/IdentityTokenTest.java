package com.merchantinsights.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.IdentityToken;
import com.merchantinsights.core.identity.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentityTokenTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final IdentityToken tokens = new IdentityToken("a-signing-secret-of-at-least-32-chars!");
    private final Identity merchantReader =
            new Identity("key-1", Scope.MERCHANT_READ, Optional.of(new MerchantId("m1")));

    @Test
    void aSignedIdentityVerifies() {
        assertThat(tokens.verify(tokens.sign(merchantReader, NOW), NOW.plusSeconds(10)))
                .contains(merchantReader);
    }

    @Test
    void aTamperedMerchantIsRefused() {
        String forged = tokens.sign(merchantReader, NOW).replace("|m1|", "|m2|");
        assertThat(tokens.verify(forged, NOW)).isEmpty();
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        String other = new IdentityToken("another-signing-secret-of-32-chars-long").sign(merchantReader, NOW);
        assertThat(tokens.verify(other, NOW)).isEmpty();
    }

    @Test
    void anOldTokenIsRefused() {
        assertThat(tokens.verify(tokens.sign(merchantReader, NOW), NOW.plus(Duration.ofMinutes(6))))
                .isEmpty();
    }

    @Test
    void missingOrGarbageTokensAreRefused() {
        assertThat(tokens.verify(null, NOW)).isEmpty();
        assertThat(tokens.verify("garbage", NOW)).isEmpty();
    }

    @Test
    void aMerchantScopeNeedsItsMerchant() {
        assertThatThrownBy(() -> new Identity("k", Scope.MERCHANT_WRITE, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMerchantKeyMayOnlyTouchItsOwnMerchant() {
        Identity writer = new Identity("k", Scope.MERCHANT_WRITE, Optional.of(new MerchantId("m1")));
        assertThat(writer.mayWrite(new MerchantId("m1"))).isTrue();
        assertThat(writer.mayWrite(new MerchantId("m2"))).isFalse();
        assertThat(writer.mayRead(new MerchantId("m1"))).isFalse();
        assertThat(merchantReader.mayRead(new MerchantId("m2"))).isFalse();
    }
}
