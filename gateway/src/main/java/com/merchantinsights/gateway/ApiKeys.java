package com.merchantinsights.gateway;

import com.merchantinsights.core.identity.Identity;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/** Looks up the identity behind a presented API key. */
public interface ApiKeys {
    /** The key's identity, or empty for a missing, unknown or revoked key. Must not block on a remote store. */
    Optional<Identity> authenticate(String presentedKey);

    /** Registers the store's own metrics (size, freshness) with the gateway's registry; none by default. */
    default void bindTo(MeterRegistry registry) {}
}
