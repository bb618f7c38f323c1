package com.merchantinsights.gateway;

import com.merchantinsights.core.identity.ApiKeyDigest;
import com.merchantinsights.core.identity.Identity;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A hand-written key store for tests: keys added and revoked in memory, looked up by digest like the real one. */
final class InMemoryApiKeys implements ApiKeys {
    private final Map<String, Identity> byDigest = new ConcurrentHashMap<>();

    /** Adds a key with a fresh secret and returns the secret. */
    String add(Identity identity) {
        String secret = ApiKeyDigest.newKey();
        byDigest.put(ApiKeyDigest.sha256Hex(secret), identity);
        return secret;
    }

    void revoke(String secret) {
        byDigest.remove(ApiKeyDigest.sha256Hex(secret));
    }

    @Override
    public Optional<Identity> authenticate(String presentedKey) {
        return Optional.ofNullable(byDigest.get(ApiKeyDigest.sha256Hex(presentedKey)));
    }
}
