package com.merchantinsights.reconcile;

import java.util.Objects;

/** An event's identity (decision 0008): the stream stores one version per merchant and event id. */
public record EventIdentity(String merchantId, String eventId) {
    public EventIdentity {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(eventId, "eventId");
    }
}
