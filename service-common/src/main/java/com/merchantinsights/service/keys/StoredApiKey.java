package com.merchantinsights.service.keys;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A row of the key table as administrators see it: everything but the secret, which is never stored; who created it
 * (an admin key's id, or {@code os-user:<name>}) when that is on record.
 */
public record StoredApiKey(
        String keyId,
        Scope scope,
        Optional<MerchantId> merchant,
        String description,
        Instant createdAt,
        Optional<Instant> revokedAt,
        Optional<String> createdBy) {
    public StoredApiKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
