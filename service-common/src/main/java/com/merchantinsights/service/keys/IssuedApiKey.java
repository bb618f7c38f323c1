package com.merchantinsights.service.keys;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import java.util.Objects;
import java.util.Optional;

/**
 * A key just created: the only moment its secret exists outside the client, since the table keeps its digest.
 * {@link #toString()} leaves the secret out, so that a log line never carries it.
 */
public record IssuedApiKey(String keyId, String secret, Scope scope, Optional<MerchantId> merchant) {
    public IssuedApiKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(merchant, "merchant");
    }

    @Override
    public String toString() {
        return "IssuedApiKey[" + keyId + ", " + scope.wireName()
                + merchant.map(m -> ", " + m).orElse("") + "]";
    }
}
