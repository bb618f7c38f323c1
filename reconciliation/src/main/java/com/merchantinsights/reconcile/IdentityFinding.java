package com.merchantinsights.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An identity the raw store holds other than decision 0026 promises: in two hours (a differing re-send received after
 * the identity window, in another hour), or with a version received after one that became a conflict letter (the
 * residual case under a backlog). Re-deriving the hours corrects either (docs/operations.md).
 */
public record IdentityFinding(
        Kind kind, String merchantId, String eventId, List<Instant> storedHours, Instant firstReceivedHour) {
    // firstReceivedHour: null when the topic no longer holds the identity's versions (found by the raw rows alone).
    public enum Kind {
        STORED_TWICE("stored_twice"),
        LATER_VERSION_STORED("later_version_stored");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public IdentityFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(eventId, "eventId");
        storedHours = List.copyOf(storedHours);
    }
}
