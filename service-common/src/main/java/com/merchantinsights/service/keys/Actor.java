package com.merchantinsights.service.keys;

import java.util.Objects;
import java.util.Optional;

/**
 * Who performs an administrative act, as the key table's {@code created_by} and the {@code admin_audit} table record
 * it: an admin key's id (with the request's id) through the API, the operating-system user for the CLI on the
 * operator's machine.
 */
public record Actor(String id, Optional<String> requestId) {
    public Actor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requestId, "requestId");
    }

    public static Actor key(String keyId, String requestId) {
        return new Actor(keyId, Optional.ofNullable(requestId));
    }

    /** The operator at this machine's shell. */
    public static Actor osUser() {
        return new Actor("os-user:" + System.getProperty("user.name", "unknown"), Optional.empty());
    }
}
