package com.merchantinsights.stream;

import java.io.Serializable;
import java.util.Objects;

/** An event's identity, {@code (merchant_id, event_id)}: what is counted at most once. */
record EventKey(String merchantId, String eventId) implements Serializable, Comparable<EventKey> {
    EventKey {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(eventId, "eventId");
    }

    /** The order the micro-batch's sort puts identities in (merchant, then event id). */
    @Override
    public int compareTo(EventKey other) {
        int byMerchant = merchantId.compareTo(other.merchantId);
        return byMerchant != 0 ? byMerchant : eventId.compareTo(other.eventId);
    }
}
