package com.merchantinsights.gateway;

import com.merchantinsights.core.identity.Identity;
import java.util.Optional;

/** Looks up the identity behind a presented API key. */
public interface ApiKeys {
    Optional<Identity> authenticate(String presentedKey);
}
