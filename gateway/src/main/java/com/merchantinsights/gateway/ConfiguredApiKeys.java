package com.merchantinsights.gateway;

import com.merchantinsights.core.identity.ApiKeyDigest;
import com.merchantinsights.core.identity.Identity;
import java.util.Map;
import java.util.Optional;

/**
 * Keys given in configuration, by SHA-256 digest. The walking skeleton's key store; the ingestion-edge
 * issue adds keys stored in PostgreSQL with revocation.
 */
public final class ConfiguredApiKeys implements ApiKeys {
    private final Map<String, Identity> byDigest;

    public ConfiguredApiKeys(Map<String, Identity> byDigest) {
        this.byDigest = Map.copyOf(byDigest);
    }

    @Override
    public Optional<Identity> authenticate(String presentedKey) {
        return Optional.ofNullable(byDigest.get(ApiKeyDigest.sha256Hex(presentedKey)));
    }
}
